import Foundation
import SpokenTrain

/// A plain float forward pass over an `InferenceGraph`, one example at a time, written from TFLite's op definitions
/// without the engine's code (no im2col, no shared window helper), so the engine's eval mode and its export can be
/// checked against it.
enum GraphReference {
    struct Tensor {
        var shape: [Int]  // [h, w, c] or [n]
        var values: [Float]
    }

    static func run(_ graph: InferenceGraph, input: [Float]) -> [Float] {
        var outputs: [Tensor] = []
        let first = Tensor(shape: graph.inputShape, values: input)
        for node in graph.nodes {
            let operands = node.inputs.map { source -> Tensor in
                switch source {
                case .input: first
                case .node(let index): outputs[index]
                }
            }
            outputs.append(evaluate(node.op, operands))
        }
        return outputs.last!.values
    }

    /// Output size and padding before, as TFLite computes them.
    static func axis(_ input: Int, _ kernel: Int, _ stride: Int, _ dilation: Int, _ padding: InferenceOp.Padding)
        -> (Int, Int)
    {
        let effective = (kernel - 1) * dilation + 1
        if padding == .valid { return ((input - effective) / stride + 1, 0) }
        let output = (input + stride - 1) / stride
        return (output, max((output - 1) * stride + effective - input, 0) / 2)
    }

    static func activate(_ value: Float, _ activation: InferenceOp.Activation) -> Float {
        switch activation {
        case .none: value
        case .relu: max(value, 0)
        case .relu6: min(max(value, 0), 6)
        }
    }

    static func evaluate(_ op: InferenceOp, _ operands: [Tensor]) -> Tensor {
        let x = operands[0]
        switch op {
        case .conv2D(let p), .depthwiseConv2D(let p):
            let depthwise = if case .depthwiseConv2D = op { true } else { false }
            let (h, w, c) = (x.shape[0], x.shape[1], x.shape[2])
            let (oh, top) = axis(h, p.kernelHeight, p.strideHeight, p.dilationHeight, p.padding)
            let (ow, left) = axis(w, p.kernelWidth, p.strideWidth, p.dilationWidth, p.padding)
            var y = [Float](repeating: 0, count: oh * ow * p.outChannels)
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for o in 0..<p.outChannels {
                        var sum = Double(p.bias[o])
                        for ky in 0..<p.kernelHeight {
                            for kx in 0..<p.kernelWidth {
                                let iy = oy * p.strideHeight - top + ky * p.dilationHeight
                                let ix = ox * p.strideWidth - left + kx * p.dilationWidth
                                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                if depthwise {
                                    sum +=
                                        Double(x.values[(iy * w + ix) * c + o])
                                        * Double(p.weights[(ky * p.kernelWidth + kx) * c + o])
                                } else {
                                    for i in 0..<c {
                                        let weight = p.weights[((o * p.kernelHeight + ky) * p.kernelWidth + kx) * c + i]
                                        sum += Double(x.values[(iy * w + ix) * c + i]) * Double(weight)
                                    }
                                }
                            }
                        }
                        y[(oy * ow + ox) * p.outChannels + o] = activate(Float(sum), p.activation)
                    }
                }
            }
            return Tensor(shape: [oh, ow, p.outChannels], values: y)
        case .dense(let weights, let bias, let outputs, let activation):
            let n = x.values.count
            var y = [Float](repeating: 0, count: outputs)
            for o in 0..<outputs {
                var sum = Double(bias[o])
                for i in 0..<n { sum += Double(weights[o * n + i]) * Double(x.values[i]) }
                y[o] = activate(Float(sum), activation)
            }
            return Tensor(shape: [1, 1, outputs], values: y)
        case .maxPool(let window), .averagePool(let window):
            let isMax = if case .maxPool = op { true } else { false }
            let (h, w, c) = (x.shape[0], x.shape[1], x.shape[2])
            let (oh, top) = axis(h, window.height, window.strideHeight, 1, window.padding)
            let (ow, left) = axis(w, window.width, window.strideWidth, 1, window.padding)
            var y = [Float](repeating: 0, count: oh * ow * c)
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for channel in 0..<c {
                        var values: [Float] = []
                        for ky in 0..<window.height {
                            for kx in 0..<window.width {
                                let iy = oy * window.strideHeight - top + ky
                                let ix = ox * window.strideWidth - left + kx
                                if iy >= 0, iy < h, ix >= 0, ix < w {
                                    values.append(x.values[(iy * w + ix) * c + channel])
                                }
                            }
                        }
                        y[(oy * ow + ox) * c + channel] =
                            isMax ? values.max()! : values.reduce(0, +) / Float(values.count)
                    }
                }
            }
            return Tensor(shape: [oh, ow, c], values: y)
        case .globalAveragePool:
            let c = x.shape[2]
            let positions = x.values.count / c
            let y = (0..<c).map { channel in
                (0..<positions).reduce(Float(0)) { $0 + x.values[$1 * c + channel] } / Float(positions)
            }
            return Tensor(shape: [1, 1, c], values: y)
        case .flatten:
            return Tensor(shape: [x.values.count], values: x.values)
        case .add(let activation):
            return Tensor(
                shape: x.shape, values: zip(x.values, operands[1].values).map { activate($0 + $1, activation) })
        case .softmax:
            let peak = x.values.max()!
            let e = x.values.map { exp($0 - peak) }
            let sum = e.reduce(0, +)
            return Tensor(shape: x.shape, values: e.map { $0 / sum })
        }
    }
}
