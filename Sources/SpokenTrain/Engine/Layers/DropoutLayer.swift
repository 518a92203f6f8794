/// Inverted dropout: in training each value is kept with probability `1 − rate` and scaled by `1 / (1 − rate)`, so
/// evaluation (and the exported graph) is the identity.
final class DropoutLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let rate: Float
    private var mask: [Float] = []

    init(input: Shape, rate: Float) {
        inputShape = input
        self.rate = rate
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        guard context.training, rate > 0 else {
            mask = []
            return input
        }
        let scale = 1 / (1 - rate)
        mask = (0..<input.count).map { _ in context.random.unitFloat() < rate ? 0 : scale }
        return zip(input, mask).map { $0 * $1 }
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        mask.isEmpty ? outputGradient : zip(outputGradient, mask).map { $0 * $1 }
    }
}
