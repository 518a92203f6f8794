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
        input.withUnsafeBufferPointer { x in
            if let statistics = context.statistics {
                var sums = [Double](repeating: 0, count: c)
                var squares = [Double](repeating: 0, count: c)
                for row in 0..<rows {
                    let line = x.baseAddress! + row * c
                    for j in 0..<c {
                        sums[j] += Double(line[j])
                        squares[j] += Double(line[j]) * Double(line[j])
                    }
                }
                for j in 0..<c {
                    let m = sums[j] / Double(rows)
                    mean[j] = Float(m)
                    variance[j] = Float(max(squares[j] / Double(rows) - m * m, 0))
                }
                (statistics + stateOffset).update(from: mean, count: c)
                (statistics + stateOffset + c).update(from: variance, count: c)
            } else {
                mean = Array(UnsafeBufferPointer(start: context.state + stateOffset, count: c))
                variance = Array(UnsafeBufferPointer(start: context.state + stateOffset + c, count: c))
            }
        }
        inverseDeviation = variance.map { 1 / ($0 + Self.epsilon).squareRoot() }
        normalized = [Float](repeating: 0, count: input.count)
        var output = [Float](repeating: 0, count: input.count)
        let gamma = context.parameters + parameterOffset
        let beta = gamma + c
        for row in 0..<rows {
            for j in 0..<c {
                let index = row * c + j
                let value = (input[index] - mean[j]) * inverseDeviation[j]
                normalized[index] = value
                output[index] = gamma[j] * value + beta[j]
            }
        }
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
        for row in 0..<rows {
            for j in 0..<c {
                let index = row * c + j
                sumGradient[j] += outputGradient[index]
                sumGradientNormalized[j] += outputGradient[index] * normalized[index]
            }
        }
        for j in 0..<c {
            gammaGradient[j] += sumGradientNormalized[j]
            betaGradient[j] += sumGradient[j]
        }
        let n = Float(rows)
        var inputGradient = [Float](repeating: 0, count: outputGradient.count)
        for row in 0..<rows {
            for j in 0..<c {
                let index = row * c + j
                inputGradient[index] =
                    gamma[j] * inverseDeviation[j] / n
                    * (n * outputGradient[index] - sumGradient[j] - normalized[index] * sumGradientNormalized[j])
            }
        }
        return inputGradient
    }
}
