/// Batch normalization over the channel axis (statistics over batch, height and width), with a learned scale γ and
/// shift β.
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
    private var normalized: [Float] = []
    private var inverseDeviation: [Float] = []

    init(input: Shape, layout: inout ParameterLayout) {
        inputShape = input
        parameterOffset = layout.parameters(input.channels, decay: false, initial: .ones)
        _ = layout.parameters(input.channels, decay: false, initial: .zeros)
        stateOffset = layout.state(input.channels, initial: .zeros)
        _ = layout.state(input.channels, initial: .ones)
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        let c = inputShape.channels
        let rows = batch * inputShape.height * inputShape.width
        var mean = [Float](repeating: 0, count: c)
        var variance = [Float](repeating: 0, count: c)
        if let statistics = context.statistics {
            // Two passes (mean, then squared deviations), in Double: a batch holds up to a few hundred thousand
            // values per channel.
            var sums = [Double](repeating: 0, count: c)
            input.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { sums in
                    for row in 0..<rows {
                        let line = x.baseAddress! + row * c
                        for j in 0..<c { sums[j] += Double(line[j]) }
                    }
                }
                for j in 0..<c { mean[j] = Float(sums[j] / Double(rows)) }
                sums = [Double](repeating: 0, count: c)
                mean.withUnsafeBufferPointer { mean in
                    sums.withUnsafeMutableBufferPointer { sums in
                        for row in 0..<rows {
                            let line = x.baseAddress! + row * c
                            for j in 0..<c {
                                let deviation = Double(line[j] - mean[j])
                                sums[j] += deviation * deviation
                            }
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
        let inverseDeviation = variance.map { 1 / ($0 + Self.epsilon).squareRoot() }
        let gamma = context.parameters + parameterOffset
        let beta = gamma + c
        var normalized: [Float] = []
        let output = input.withUnsafeBufferPointer { x in
            [Float](uninitializedCount: input.count) { y in
                normalized = [Float](uninitializedCount: input.count) { n in
                    mean.withUnsafeBufferPointer { mean in
                        inverseDeviation.withUnsafeBufferPointer { inverse in
                            for row in 0..<rows {
                                let (xs, ns, ys) = (
                                    x.baseAddress! + row * c, n.baseAddress! + row * c, y.baseAddress! + row * c
                                )
                                for j in 0..<c {
                                    let value = (xs[j] - mean[j]) * inverse[j]
                                    ns[j] = value
                                    ys[j] = gamma[j] * value + beta[j]
                                }
                            }
                        }
                    }
                }
            }
        }
        self.normalized = normalized
        self.inverseDeviation = inverseDeviation
        return output
    }

    /// The training-mode gradient (the batch statistics depend on the input):
    /// `dx = inverseDeviation / N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂))` with `dx̂ = dy·γ`.
    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        let c = inputShape.channels
        let rows = batch * inputShape.height * inputShape.width
        let gamma = context.parameters + parameterOffset
        let gammaGradient = context.gradients + parameterOffset
        let betaGradient = gammaGradient + c
        var sumGradient = [Float](repeating: 0, count: c)
        var sumGradientNormalized = [Float](repeating: 0, count: c)
        return outputGradient.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { n in
                sumGradient.withUnsafeMutableBufferPointer { sum in
                    sumGradientNormalized.withUnsafeMutableBufferPointer { sumNormalized in
                        for row in 0..<rows {
                            let (dys, ns) = (dy.baseAddress! + row * c, n.baseAddress! + row * c)
                            for j in 0..<c {
                                sum[j] += dys[j]
                                sumNormalized[j] += dys[j] * ns[j]
                            }
                        }
                    }
                }
                for j in 0..<c {
                    gammaGradient[j] += sumGradientNormalized[j]
                    betaGradient[j] += sumGradient[j]
                }
                let count = Float(rows)
                let scale = (0..<c).map { gamma[$0] * inverseDeviation[$0] / count }
                let meanGradient = sumGradient
                let meanGradientNormalized = sumGradientNormalized
                return [Float](uninitializedCount: dy.count) { dx in
                    scale.withUnsafeBufferPointer { scale in
                        meanGradient.withUnsafeBufferPointer { sum in
                            meanGradientNormalized.withUnsafeBufferPointer { sumNormalized in
                                for row in 0..<rows {
                                    let (dys, ns, dxs) = (
                                        dy.baseAddress! + row * c, n.baseAddress! + row * c, dx.baseAddress! + row * c
                                    )
                                    for j in 0..<c {
                                        dxs[j] = scale[j] * (count * dys[j] - sum[j] - ns[j] * sumNormalized[j])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
