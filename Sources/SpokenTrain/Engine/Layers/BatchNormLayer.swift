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
    private let rowScratch = LayerBuffer()
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
            sums.withUnsafeMutableBufferPointer { sums in
                for row in 0..<rows {
                    let line = input + row * c
                    for j in 0..<c { sums[j] += Double(line[j]) }
                }
            }
            for j in 0..<c { mean[j] = Float(sums[j] / Double(rows)) }
            sums = [Double](repeating: 0, count: c)
            mean.withUnsafeBufferPointer { mean in
                sums.withUnsafeMutableBufferPointer { sums in
                    for row in 0..<rows {
                        let line = input + row * c
                        for j in 0..<c {
                            let deviation = Double(line[j] - mean[j])
                            sums[j] += deviation * deviation
                        }
                    }
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
        let gamma = context.parameters + parameterOffset
        let beta = gamma + c
        let y = output.reserve(rows * c)
        mean.withUnsafeBufferPointer { mean in
            inverseDeviation.withUnsafeBufferPointer { inverse in
                for row in 0..<rows {
                    let (xs, ys) = (input + row * c, y + row * c)
                    for j in 0..<c { ys[j] = gamma[j] * ((xs[j] - mean[j]) * inverse[j]) + beta[j] }
                    // The row is still in L1.
                    if let ceiling { for j in 0..<c { ys[j] = ActivationLayer.clamp(ys[j], ceiling: ceiling) } }
                }
            }
        }
        return UnsafePointer(y)
    }

    /// The training-mode gradient (the batch statistics depend on the input):
    /// `dx = inverseDeviation / N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂))` with `dx̂ = dy·γ`; `dy` first passes the fused
    /// activation (zero where the output was clamped). Both passes recompute the output before the clamp from the
    /// input, as the forward pass did (the same operations, so the same value), rather than read the output and
    /// keep the gated gradient in a buffer: two streams over memory fewer.
    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let c = inputShape.channels
        let rows = batch * inputShape.height * inputShape.width
        let x = input!
        let dx = inputGradient.reserve(rows * c)
        let (gated, ceiling) = (self.ceiling != nil, self.ceiling ?? .infinity)
        let gamma = context.parameters + parameterOffset
        let beta = gamma + c
        let gammaGradient = context.gradients + parameterOffset
        let betaGradient = gammaGradient + c
        var sum = [Float](repeating: 0, count: c)
        var sumNormalized = [Float](repeating: 0, count: c)
        // One row's gated gradient and normalized input, in L1: each pass makes them, then uses them in a loop of its
        // own (one loop doing both vectorizes for 64 channels but not for 8).
        let scratch = rowScratch.reserve(2 * c)
        let (dy, normalized) = (scratch, scratch + c)
        mean.withUnsafeBufferPointer { mean in
            inverseDeviation.withUnsafeBufferPointer { inverse in
                func prepare(_ row: Int) {
                    let (given, xs) = (outputGradient + row * c, x + row * c)
                    for j in 0..<c {
                        normalized[j] = (xs[j] - mean[j]) * inverse[j]
                        dy[j] = Self.gate(
                            given[j], value: gamma[j] * normalized[j] + beta[j], gated: gated, ceiling: ceiling)
                    }
                }
                sum.withUnsafeMutableBufferPointer { sum in
                    sumNormalized.withUnsafeMutableBufferPointer { sumNormalized in
                        for row in 0..<rows {
                            prepare(row)
                            for j in 0..<c {
                                sum[j] += dy[j]
                                sumNormalized[j] += dy[j] * normalized[j]
                            }
                        }
                    }
                }
                for j in 0..<c {
                    gammaGradient[j] += sumNormalized[j]
                    betaGradient[j] += sum[j]
                }
                guard context.needsInputGradient else { return }
                let count = Float(rows)
                let scale = (0..<c).map { gamma[$0] * inverse[$0] / count }
                scale.withUnsafeBufferPointer { scale in
                    sum.withUnsafeBufferPointer { sum in
                        sumNormalized.withUnsafeBufferPointer { sumNormalized in
                            for row in 0..<rows {
                                prepare(row)
                                let dxs = dx + row * c
                                for j in 0..<c {
                                    dxs[j] = scale[j] * (count * dy[j] - sum[j] - normalized[j] * sumNormalized[j])
                                }
                            }
                        }
                    }
                }
            }
        }
        return context.needsInputGradient ? UnsafePointer(dx) : nil
    }

    /// `outputGradient` where the fused activation passes it (`value`, the output before the clamp, strictly inside
    /// the linear range), else 0; always `outputGradient` without an activation. A select, not a branch: the
    /// gradient is an argument, loaded whatever the test says.
    @inline(__always)
    private static func gate(_ outputGradient: Float, value: Float, gated: Bool, ceiling: Float) -> Float {
        !gated || (value > 0 && value < ceiling) ? outputGradient : 0
    }
}
