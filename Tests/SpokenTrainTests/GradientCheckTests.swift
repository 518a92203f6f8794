import SpokenDSP
import Testing

@testable import SpokenTrain

/// Every layer's backward pass against central finite differences of its forward pass, on small shapes.
///
/// The loss is `L = Σ r·y` for a fixed random `r`, so `∂L/∂y = r`; each input and parameter is nudged by ±h and the
/// change of `L` (summed in Double) compared with the analytic gradient.
@Suite struct GradientCheckTests {
    /// Builds a layer with `make`, draws input and parameters, and compares all gradients, nudging by ±`step`.
    static func check(
        input: Shape, batch: Int = 2, training: Bool = true, step: Float = 1e-2,
        _ make: (inout ParameterLayout) -> any Layer
    ) {
        var layout = ParameterLayout()
        let layer = make(&layout)
        var random = SplitMix64(seed: 11)
        var parameters = (0..<layout.parameterCount).map { _ in random.unitFloat() * 1.6 - 0.8 }
        // Batch-norm variances (state) positive, as running statistics are.
        let state = (0..<layout.stateCount).map { _ in 0.5 + random.unitFloat() }
        // Distinct inputs 0.03 apart (no two within the ±h nudges of each other, none within h of ReLU's kinks at 0
        // and 6/8), so max-pool winners and activation masks do not flip while the differences are taken.
        var values = (0..<(batch * input.count)).map { (Float($0 - batch * input.count / 2) + 0.5) * 0.03 }
        random.shuffle(&values)
        // Layers keep a pointer to their input until the backward pass: storage that outlives every call.
        let x = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
        defer { x.deallocate() }
        _ = x.initialize(from: values)
        let r = (0..<(batch * layer.outputShape.count)).map { _ in random.unitFloat() * 2 - 1 }
        var statistics = [Float](repeating: 0, count: layout.stateCount)

        func loss() -> Double {
            parameters.withUnsafeBufferPointer { p in
                state.withUnsafeBufferPointer { s in
                    statistics.withUnsafeMutableBufferPointer { statistics in
                        var context = ForwardContext(
                            parameters: p.baseAddress!, state: s.baseAddress!,
                            statistics: training ? statistics.baseAddress! : nil, random: SplitMix64(seed: 5))
                        let y = layer.forward(x.baseAddress!, batch: batch, context: &context)
                        return r.indices.reduce(0.0) { $0 + Double(y[$1]) * Double(r[$1]) }
                    }
                }
            }
        }

        _ = loss()
        var gradients = [Float](repeating: 0, count: layout.parameterCount)
        let inputGradient = parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                r.withUnsafeBufferPointer { r in
                    let dx = layer.backward(
                        r.baseAddress!, batch: batch,
                        context: BackwardContext(parameters: p.baseAddress!, gradients: g.baseAddress!))!
                    return Array(UnsafeBufferPointer(start: dx, count: x.count))
                }
            }
        }
        let h = step
        func numeric(_ nudge: (Float) -> Void) -> Double {
            nudge(h)
            let plus = loss()
            nudge(-2 * h)
            let minus = loss()
            nudge(h)
            return (plus - minus) / Double(2 * h)
        }
        for index in x.indices {
            let expected = numeric { x[index] += $0 }
            #expect(
                abs(Double(inputGradient[index]) - expected) <= 2e-2 * max(1, abs(expected)),
                "\(type(of: layer)) input \(index): analytic \(inputGradient[index]), numeric \(expected)")
        }
        for index in parameters.indices {
            let expected = numeric { parameters[index] += $0 }
            #expect(
                abs(Double(gradients[index]) - expected) <= 2e-2 * max(1, abs(expected)),
                "\(type(of: layer)) parameter \(index): analytic \(gradients[index]), numeric \(expected)")
        }
    }

    static func axes(_ input: Shape, kernel: [Int], stride: [Int] = [1, 1], dilation: [Int] = [1, 1], same: Bool)
        -> (WindowAxis, WindowAxis)
    {
        (
            WindowAxis(input: input.height, kernel: kernel[0], stride: stride[0], dilation: dilation[0], same: same)!,
            WindowAxis(input: input.width, kernel: kernel[1], stride: stride[1], dilation: dilation[1], same: same)!
        )
    }

    @Test("Conv2D with its im2col matrix made one image at a time (as a large layer's is), over a batch of three")
    func conv2DInChunks() {
        let input = Shape(height: 6, width: 5, channels: 3)
        let (rows, columns) = Self.axes(input, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], same: true)
        Self.check(input: input, batch: 3) {
            Conv2DLayer(
                input: input, filters: 4, rows: rows, columns: columns, bias: true, layout: &$0,
                chunkBytes: (whole: 0, chunk: 1))
        }
    }

    @Test("Conv2D of one input channel into 16 filters (its weight gradient summed in ThinProduct)")
    func thinWeightGradient() {
        let input = Shape(height: 5, width: 4, channels: 1)
        let (rows, columns) = Self.axes(input, kernel: [3, 3], same: true)
        Self.check(input: input) {
            Conv2DLayer(input: input, filters: 16, rows: rows, columns: columns, bias: true, layout: &$0)
        }
    }

    @Test(
        "Conv2D: stride, SAME and VALID padding, dilation, with and without bias",
        arguments: [
            ([3, 3], [1, 1], [1, 1], true, true), ([3, 2], [2, 2], [1, 1], true, false),
            ([2, 3], [1, 2], [2, 1], false, true), ([1, 1], [1, 1], [1, 1], false, true),
        ])
    func conv2D(kernel: [Int], stride: [Int], dilation: [Int], same: Bool, bias: Bool) {
        let input = Shape(height: 6, width: 5, channels: 3)
        let (rows, columns) = Self.axes(input, kernel: kernel, stride: stride, dilation: dilation, same: same)
        Self.check(input: input) {
            Conv2DLayer(input: input, filters: 4, rows: rows, columns: columns, bias: bias, layout: &$0)
        }
    }

    @Test(
        "DepthwiseConv2D: stride, SAME and VALID padding, dilation",
        arguments: [
            ([3, 3], [1, 1], [1, 1], true), ([3, 3], [2, 2], [1, 1], true), ([2, 3], [1, 1], [2, 1], false),
        ])
    func depthwise(kernel: [Int], stride: [Int], dilation: [Int], same: Bool) {
        let input = Shape(height: 6, width: 5, channels: 3)
        let (rows, columns) = Self.axes(input, kernel: kernel, stride: stride, dilation: dilation, same: same)
        Self.check(input: input) {
            DepthwiseConv2DLayer(input: input, rows: rows, columns: columns, bias: true, layout: &$0)
        }
    }

    @Test(
        "DepthwiseConv2D over 37 channels (blocks of 32 in registers, then the rest), with and without bias",
        arguments: [true, false])
    func wideDepthwise(bias: Bool) {
        let input = Shape(height: 4, width: 3, channels: 37)
        let (rows, columns) = Self.axes(input, kernel: [3, 3], same: true)
        Self.check(input: input) {
            DepthwiseConv2DLayer(input: input, rows: rows, columns: columns, bias: bias, layout: &$0)
        }
    }

    @Test("Dense over a flattened input")
    func dense() {
        let input = Shape(height: 2, width: 3, channels: 2)
        Self.check(input: input) { DenseLayer(input: input, units: 5, bias: true, layout: &$0) }
    }

    @Test("BatchNorm in training mode (batch statistics depend on the input)")
    func batchNormTraining() {
        let input = Shape(height: 3, width: 2, channels: 3)
        Self.check(input: input, batch: 3) { BatchNormLayer(input: input, layout: &$0) }
    }

    @Test("BatchNorm over 37 channels and 18 pixels (16 channels at a time, then the rest; two blocks of pixels)")
    func wideBatchNormTraining() {
        let input = Shape(height: 3, width: 2, channels: 37)
        Self.check(input: input, batch: 3) { BatchNormLayer(input: input, layout: &$0) }
    }

    @Test("ReLU and ReLU6", arguments: [Float.infinity, 6])
    func activation(ceiling: Float) {
        let input = Shape(height: 3, width: 3, channels: 2)
        Self.check(input: input) { _ in ScaledActivation(input: input, ceiling: ceiling) }
    }

    @Test("MaxPool and AvgPool, VALID and SAME", arguments: [true, false])
    func pools(same: Bool) {
        let input = Shape(height: 5, width: 5, channels: 2)
        let (rows, columns) = Self.axes(input, kernel: [2, 3], stride: [2, 2], same: same)
        Self.check(input: input) { _ in MaxPoolLayer(input: input, rows: rows, columns: columns) }
        Self.check(input: input) { _ in AveragePoolLayer(input: input, rows: rows, columns: columns) }
    }

    @Test("MaxPool whose windows tile the input (each input value in one window), 17 channels")
    func tilingMaxPool() {
        let input = Shape(height: 4, width: 6, channels: 17)
        let (rows, columns) = Self.axes(input, kernel: [2, 3], stride: [2, 3], same: false)
        Self.check(input: input) { _ in MaxPoolLayer(input: input, rows: rows, columns: columns) }
    }

    @Test("global average pool, dropout (a fixed mask) and a residual block (smooth body: depthwise, batch norm)")
    func rest() {
        let input = Shape(height: 3, width: 4, channels: 2)
        Self.check(input: input) { _ in GlobalAveragePoolLayer(input: input) }
        Self.check(input: input) { _ in DropoutLayer(input: input, rate: 0.4) }
        Self.check(input: input) { layout in
            let (rows, columns) = Self.axes(input, kernel: [3, 3], same: true)
            let body = LayerStack(
                input: input,
                layers: [
                    DepthwiseConv2DLayer(input: input, rows: rows, columns: columns, bias: true, layout: &layout),
                    BatchNormLayer(input: input, layout: &layout),
                ])
            return ResidualLayer(body: body)
        }
    }

    @Test("softmax cross-entropy with label smoothing", arguments: [0.0, 0.1])
    func crossEntropy(smoothing: Float) {
        var random = SplitMix64(seed: 3)
        var logits = (0..<15).map { _ in random.unitFloat() * 4 - 2 }
        let labels = [0, 4, 2]
        let analytic = SoftmaxCrossEntropy.evaluate(
            logits: logits, labels: labels, classes: 5, smoothing: smoothing, scale: 1)
        for index in logits.indices {
            let h: Float = 1e-2
            logits[index] += h
            let plus = SoftmaxCrossEntropy.evaluate(
                logits: logits, labels: labels, classes: 5, smoothing: smoothing, scale: 1
            ).lossSum
            logits[index] -= 2 * h
            let minus = SoftmaxCrossEntropy.evaluate(
                logits: logits, labels: labels, classes: 5, smoothing: smoothing, scale: 1
            ).lossSum
            logits[index] += h
            let expected = (plus - minus) / Double(2 * h)
            #expect(abs(Double(analytic.gradient[index]) - expected) < 2e-3)
        }
    }
}

/// An activation whose input is first scaled by 8, so inputs in ±1 reach both ReLU6's ceiling and zero.
private final class ScaledActivation: Layer {
    let inner: ActivationLayer
    var inputShape: Shape { inner.inputShape }
    var outputShape: Shape { inner.outputShape }

    init(input: Shape, ceiling: Float) {
        inner = ActivationLayer(input: input, ceiling: ceiling)
    }

    private let scaled = LayerBuffer()
    private let inputGradient = LayerBuffer()

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let x = scaled.reserve(batch * inputShape.count)
        for index in 0..<(batch * inputShape.count) { x[index] = input[index] * 8 }
        return inner.forward(x, batch: batch, context: &context)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let innerGradient = inner.backward(outputGradient, batch: batch, context: context)!
        let dx = inputGradient.reserve(batch * inputShape.count)
        for index in 0..<(batch * inputShape.count) { dx[index] = innerGradient[index] * 8 }
        return UnsafePointer(dx)
    }
}
