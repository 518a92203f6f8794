import Foundation

/// The float forward pass of an `InferenceGraph`, written as plainly as TFLite's float reference kernels: the
/// reference that int8 calibration measures and that the exported model is compared with.
///
/// Plain loops, one example at a time, no BLAS: it must be obviously right rather than fast (the training engine
/// has its own fast forward). Shapes and padding follow TFLite: SAME pads `((out − 1)·stride + effective kernel −
/// in) / 2` before (the odd one after), average pooling divides by the window's cells inside the input only.
public struct FloatReference: Sendable {
    public let graph: InferenceGraph
    /// Each node's output shape without the batch axis: `[h, w, c]` for spatial outputs, `[n]` for flat ones.
    public let shapes: [[Int]]

    /// Checks `graph` (operand sources, weight counts, window sizes) and infers every node's output shape.
    public init(graph: InferenceGraph) throws(TrainError) {
        self.graph = graph
        shapes = try Self.inferShapes(graph)
    }

    /// Every node's output for one example (`frames × mels` values, the graph's input), in node order.
    public func outputs(of input: ArraySlice<Float>) -> [[Float]] {
        var results: [[Float]] = []
        results.reserveCapacity(graph.nodes.count)
        let inputShape = graph.inputShape
        for (index, node) in graph.nodes.enumerated() {
            func operand(_ position: Int) -> (values: ArraySlice<Float>, shape: [Int]) {
                switch node.inputs[position] {
                case .input: return (input, inputShape)
                case .node(let source): return (results[source][...], shapes[source])
                }
            }
            let (x, shape) = operand(0)
            let output: [Float]
            switch node.op {
            case .conv2D(let c):
                output = Self.convolution(x, shape, c, outShape: shapes[index], depthwise: false)
            case .depthwiseConv2D(let c):
                output = Self.convolution(x, shape, c, outShape: shapes[index], depthwise: true)
            case .dense(let weights, let bias, let outputs, let activation):
                let depth = x.count
                output = (0..<outputs).map { o in
                    var sum = bias[o]
                    for i in 0..<depth { sum += weights[o * depth + i] * x[x.startIndex + i] }
                    return Self.activate(sum, activation)
                }
            case .maxPool(let w):
                output = Self.pool(x, shape, w, outShape: shapes[index], average: false)
            case .averagePool(let w):
                output = Self.pool(x, shape, w, outShape: shapes[index], average: true)
            case .globalAveragePool:
                let channels = shape[2]
                let cells = shape[0] * shape[1]
                output = (0..<channels).map { c in
                    var sum: Float = 0
                    for p in 0..<cells { sum += x[x.startIndex + p * channels + c] }
                    return sum / Float(cells)
                }
            case .flatten:
                output = Array(x)
            case .add(let activation):
                let y = operand(1).values
                output = (0..<x.count).map { Self.activate(x[x.startIndex + $0] + y[y.startIndex + $0], activation) }
            case .softmax:
                let peak = x.max() ?? 0
                let exponentials = x.map { exp($0 - peak) }
                let sum = exponentials.reduce(0, +)
                output = exponentials.map { $0 / sum }
            }
            results.append(output)
        }
        return results
    }

    /// The graph's output (the last node's) for one example.
    public func output(of input: ArraySlice<Float>) -> [Float] { outputs(of: input).last ?? [] }

    static func activate(_ value: Float, _ activation: InferenceOp.Activation) -> Float {
        switch activation {
        case .none: value
        case .relu: max(value, 0)
        case .relu6: min(max(value, 0), 6)
        }
    }

    /// TFLite's output size and the padding before, for one spatial axis.
    static func window(input: Int, kernel: Int, stride: Int, dilation: Int, padding: InferenceOp.Padding)
        -> (output: Int, before: Int)
    {
        let effective = (kernel - 1) * dilation + 1
        switch padding {
        case .same:
            let output = (input + stride - 1) / stride
            return (output, max(((output - 1) * stride + effective - input) / 2, 0))
        case .valid:
            return (input >= effective ? (input - effective) / stride + 1 : 0, 0)
        }
    }

    private static func convolution(
        _ x: ArraySlice<Float>, _ shape: [Int], _ c: InferenceOp.Convolution, outShape: [Int], depthwise: Bool
    ) -> [Float] {
        let (height, width, inChannels) = (shape[0], shape[1], shape[2])
        let (outHeight, outWidth, outChannels) = (outShape[0], outShape[1], outShape[2])
        let top = window(
            input: height, kernel: c.kernelHeight, stride: c.strideHeight, dilation: c.dilationHeight,
            padding: c.padding
        ).before
        let left = window(
            input: width, kernel: c.kernelWidth, stride: c.strideWidth, dilation: c.dilationWidth, padding: c.padding
        ).before
        var output = [Float](repeating: 0, count: outHeight * outWidth * outChannels)
        for oy in 0..<outHeight {
            for ox in 0..<outWidth {
                for o in 0..<outChannels {
                    var sum = c.bias[o]
                    for ky in 0..<c.kernelHeight {
                        let y = oy * c.strideHeight - top + ky * c.dilationHeight
                        guard y >= 0 && y < height else { continue }
                        for kx in 0..<c.kernelWidth {
                            let xx = ox * c.strideWidth - left + kx * c.dilationWidth
                            guard xx >= 0 && xx < width else { continue }
                            let pixel = x.startIndex + (y * width + xx) * inChannels
                            if depthwise {
                                sum += c.weights[(ky * c.kernelWidth + kx) * outChannels + o] * x[pixel + o]
                            } else {
                                let filter = ((o * c.kernelHeight + ky) * c.kernelWidth + kx) * inChannels
                                for i in 0..<inChannels { sum += c.weights[filter + i] * x[pixel + i] }
                            }
                        }
                    }
                    output[(oy * outWidth + ox) * outChannels + o] = activate(sum, c.activation)
                }
            }
        }
        return output
    }

    private static func pool(
        _ x: ArraySlice<Float>, _ shape: [Int], _ w: InferenceOp.Window, outShape: [Int], average: Bool
    ) -> [Float] {
        let (height, width, channels) = (shape[0], shape[1], shape[2])
        let top = window(input: height, kernel: w.height, stride: w.strideHeight, dilation: 1, padding: w.padding)
        let left = window(input: width, kernel: w.width, stride: w.strideWidth, dilation: 1, padding: w.padding)
        var output = [Float](repeating: 0, count: outShape[0] * outShape[1] * channels)
        for oy in 0..<outShape[0] {
            for ox in 0..<outShape[1] {
                for c in 0..<channels {
                    var sum: Float = 0
                    var peak = -Float.infinity
                    var cells = 0
                    for ky in 0..<w.height {
                        let y = oy * w.strideHeight - top.before + ky
                        guard y >= 0 && y < height else { continue }
                        for kx in 0..<w.width {
                            let xx = ox * w.strideWidth - left.before + kx
                            guard xx >= 0 && xx < width else { continue }
                            let value = x[x.startIndex + (y * width + xx) * channels + c]
                            sum += value
                            peak = max(peak, value)
                            cells += 1
                        }
                    }
                    output[(oy * outShape[1] + ox) * channels + c] = average ? sum / Float(max(cells, 1)) : peak
                }
            }
        }
        return output
    }

    // MARK: - Shapes

    private static func inferShapes(_ graph: InferenceGraph) throws(TrainError) -> [[Int]] {
        guard graph.inputShape.count == 3, graph.inputShape.allSatisfy({ $0 > 0 }) else {
            throw TrainError(.export, "the graph's input shape must be [frames, mels, 1], got \(graph.inputShape)")
        }
        guard !graph.nodes.isEmpty else { throw TrainError(.export, "the graph has no nodes") }
        var shapes: [[Int]] = []
        for (index, node) in graph.nodes.enumerated() {
            func fail(_ message: String) -> TrainError {
                TrainError(.export, "node \(index) (\(node.op.name)): \(message)")
            }
            let expected: Int
            if case .add = node.op { expected = 2 } else { expected = 1 }
            guard node.inputs.count == expected else {
                throw fail("takes \(expected) operands, has \(node.inputs.count)")
            }
            var operands: [[Int]] = []
            for source in node.inputs {
                switch source {
                case .input: operands.append(graph.inputShape)
                case .node(let i):
                    guard i >= 0 && i < index else { throw fail("reads node \(i), which does not come before it") }
                    operands.append(shapes[i])
                }
            }
            let shape = operands[0]
            let count = shape.reduce(1, *)
            switch node.op {
            case .conv2D(let c), .depthwiseConv2D(let c):
                guard shape.count == 3 else { throw fail("needs a [h, w, c] input, got \(shape)") }
                var depthwise = false
                if case .depthwiseConv2D = node.op { depthwise = true }
                let perFilter = c.kernelHeight * c.kernelWidth * (depthwise ? 1 : shape[2])
                guard !depthwise || c.outChannels == shape[2] else {
                    throw fail("a depthwise convolution keeps the \(shape[2]) channels, not \(c.outChannels)")
                }
                guard min(c.kernelHeight, c.kernelWidth, c.strideHeight, c.strideWidth) > 0,
                    min(c.dilationHeight, c.dilationWidth) > 0
                else { throw fail("kernel, stride and dilation must be positive") }
                guard c.weights.count == c.outChannels * perFilter, c.bias.count == c.outChannels else {
                    throw fail(
                        "has \(c.weights.count) weights and \(c.bias.count) biases, needs \(c.outChannels * perFilter) "
                            + "and \(c.outChannels)")
                }
                let h = window(
                    input: shape[0], kernel: c.kernelHeight, stride: c.strideHeight, dilation: c.dilationHeight,
                    padding: c.padding)
                let w = window(
                    input: shape[1], kernel: c.kernelWidth, stride: c.strideWidth, dilation: c.dilationWidth,
                    padding: c.padding)
                guard h.output > 0 && w.output > 0 else { throw fail("the window is larger than its \(shape) input") }
                shapes.append([h.output, w.output, c.outChannels])
            case .dense(let weights, let bias, let outputs, _):
                guard weights.count == outputs * count, bias.count == outputs, outputs > 0 else {
                    throw fail("has \(weights.count) weights and \(bias.count) biases for \(count) inputs → \(outputs)")
                }
                shapes.append([outputs])
            case .maxPool(let p), .averagePool(let p):
                guard shape.count == 3 else { throw fail("needs a [h, w, c] input, got \(shape)") }
                guard min(p.height, p.width, p.strideHeight, p.strideWidth) > 0 else {
                    throw fail("window and stride must be positive")
                }
                let h = window(
                    input: shape[0], kernel: p.height, stride: p.strideHeight, dilation: 1, padding: p.padding)
                let w = window(input: shape[1], kernel: p.width, stride: p.strideWidth, dilation: 1, padding: p.padding)
                guard h.output > 0 && w.output > 0 else { throw fail("the window is larger than its \(shape) input") }
                shapes.append([h.output, w.output, shape[2]])
            case .globalAveragePool:
                guard shape.count == 3 else { throw fail("needs a [h, w, c] input, got \(shape)") }
                shapes.append([shape[2]])
            case .flatten:
                shapes.append([count])
            case .add:
                guard operands[0] == operands[1] else { throw fail("adds \(operands[0]) to \(operands[1])") }
                shapes.append(shape)
            case .softmax:
                guard shape.count == 1 else { throw fail("needs a flat input, got \(shape)") }
                shapes.append(shape)
            }
        }
        return shapes
    }
}
