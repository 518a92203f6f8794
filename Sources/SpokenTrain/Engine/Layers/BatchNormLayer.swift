/// Batch normalization over the channel axis (statistics over batch, height and width), with a learned scale γ and
/// shift β, and the ReLU or ReLU6 that follows it fused in (one pass over memory fewer each way; the values are
/// those of a separate activation layer).
///
/// Training normalizes with the batch's own mean and (biased) variance and writes them to
/// `ForwardContext.statistics`; the trainer folds them into the running mean and variance (momentum
/// `BatchNormLayer.momentum`), which evaluation uses. At export the layer disappears into the preceding convolution
/// or dense layer: `scale = γ / √(variance + ε)`, `w' = w · scale`, `b' = (b − mean) · scale + β`.
final class BatchNormLayer: Layer {
    static let epsilon: Float = 1e-3
    /// Weight of the old running statistics per step (PyTorch's 0.1 update, faster than Keras's 0.99 for the short
    /// runs an architecture search makes).
    static let momentum: Float = 0.9

    let inputShape: Shape
    var outputShape: Shape { inputShape }
    /// γ then β, `channels` each.
    let parameterOffset: Int
    /// Running mean then running variance, `channels` each.
    let stateOffset: Int
    /// The fused activation's upper clamp (6 for ReLU6, infinity for ReLU), or nil for none.
    let ceiling: Float?
    /// The last forward pass's input; the backward pass recomputes the normalized values from it rather than keep
    /// another copy of the activations.
    private var input: UnsafePointer<Float>?
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()
    /// The backward pass's per-channel sums Σdy and Σ(dy·x̂) and the input gradient's scale, `channels` each.
    private let channelSums = LayerBuffer()
    /// The mean and 1/√(variance + ε) the last forward pass used, `channels` each.
    private var mean: [Float]
    private var inverseDeviation: [Float]

    init(input: Shape, layout: inout ParameterLayout, ceiling: Float? = nil) {
        inputShape = input
        self.ceiling = ceiling
        parameterOffset = layout.parameters(input.channels, decay: false, initial: .ones)
        _ = layout.parameters(input.channels, decay: false, initial: .zeros)
        stateOffset = layout.state(input.channels, initial: .zeros)
        _ = layout.state(input.channels, initial: .ones)
        mean = [Float](repeating: 0, count: input.channels)
        inverseDeviation = mean
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        self.input = input
        let c = inputShape.channels
        let rows = batch * inputShape.height * inputShape.width
        var variance = [Float](repeating: 0, count: c)
        if let statistics = context.statistics {
            // Two passes (mean, then squared deviations), in Double: a batch holds up to a few hundred thousand
            // values per channel.
            var sums = [Double](repeating: 0, count: c)
            sums.withUnsafeMutableBufferPointer {
                Self.addColumnSums(input, rows: rows, channels: c, deviationsFrom: nil, into: $0.baseAddress!)
            }
            for j in 0..<c { mean[j] = Float(sums[j] / Double(rows)) }
            sums = [Double](repeating: 0, count: c)
            mean.withUnsafeBufferPointer { mean in
                sums.withUnsafeMutableBufferPointer {
                    Self.addColumnSums(
                        input, rows: rows, channels: c, deviationsFrom: mean.baseAddress!, into: $0.baseAddress!)
                }
            }
            for j in 0..<c { variance[j] = Float(sums[j] / Double(rows)) }
            (statistics + stateOffset).update(from: mean, count: c)
            (statistics + stateOffset + c).update(from: variance, count: c)
        } else {
            mean = Array(UnsafeBufferPointer(start: context.state + stateOffset, count: c))
            variance = Array(UnsafeBufferPointer(start: context.state + stateOffset + c, count: c))
        }
        for j in 0..<c { inverseDeviation[j] = 1 / (variance[j] + Self.epsilon).squareRoot() }
        let y = output.reserve(rows * c)
        withStatistics(context.parameters) {
            Self.normalize(input, rows: rows, channels: c, statistics: $0, ceiling: ceiling, into: y)
        }
        return UnsafePointer(y)
    }

    /// The training-mode gradient (the batch statistics depend on the input):
    /// `dx = inverseDeviation / N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂))` with `dx̂ = dy·γ`; `dy` first passes the fused
    /// activation (zero where the output was clamped). Both passes recompute the output before the clamp from the
    /// input, as the forward pass did (the same operations, so the same value), rather than read the output and
    /// keep the gated gradient in a buffer: two streams over memory fewer. When the output gradient is scratch
    /// (`context.outputGradientIsScratch`), the input gradient overwrites it: its lines are in cache when written,
    /// where a buffer of its own would first be read from memory (a sixth stream).
    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let c = inputShape.channels
        let rows = batch * inputShape.height * inputShape.width
        let gammaGradient = context.gradients + parameterOffset
        let betaGradient = gammaGradient + c
        let sums = channelSums.zeroed(3 * c)
        let (sum, sumNormalized, scale) = (sums, sums + c, sums + 2 * c)
        withStatistics(context.parameters) {
            Self.addGradientSums(
                outputGradient, input: input!, rows: rows, channels: c, statistics: $0, ceiling: ceiling, sum: sum,
                sumNormalized: sumNormalized)
        }
        for j in 0..<c {
            gammaGradient[j] += sumNormalized[j]
            betaGradient[j] += sum[j]
        }
        guard context.needsInputGradient else { return nil }
        let gamma = context.parameters + parameterOffset
        for j in 0..<c { scale[j] = gamma[j] * inverseDeviation[j] / Float(rows) }
        let dx =
            context.outputGradientIsScratch
            ? UnsafeMutablePointer(mutating: outputGradient) : inputGradient.reserve(rows * c)
        withStatistics(context.parameters) {
            Self.writeInputGradient(
                outputGradient, input: input!, rows: rows, channels: c, statistics: $0, ceiling: ceiling, sum: sum,
                sumNormalized: sumNormalized, scale: scale, into: dx)
        }
        return UnsafePointer(dx)
    }

    /// The last forward pass's mean and inverse deviation with the parameters γ and β, for the passes.
    private func withStatistics(_ parameters: UnsafePointer<Float>, _ body: (Statistics) -> Void) {
        let gamma = parameters + parameterOffset
        mean.withUnsafeBufferPointer { mean in
            inverseDeviation.withUnsafeBufferPointer { inverse in
                body(
                    Statistics(
                        mean: mean.baseAddress!, inverse: inverse.baseAddress!, gamma: gamma,
                        beta: gamma + inputShape.channels))
            }
        }
    }
}
