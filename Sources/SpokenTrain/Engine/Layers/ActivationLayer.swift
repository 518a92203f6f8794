/// ReLU or ReLU6 on its own (the exporter fuses it into the op before it). Keeps its output: the gradient passes
/// where the output is strictly inside the linear range.
final class ActivationLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    /// The upper clamp: 6 for ReLU6, infinity for ReLU.
    let ceiling: Float
    private var output: [Float] = []

    init(input: Shape, ceiling: Float) {
        inputShape = input
        self.ceiling = ceiling
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        output = input.map { min(max($0, 0), ceiling) }
        return output
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        var inputGradient = outputGradient
        for index in inputGradient.indices where !(output[index] > 0 && output[index] < ceiling) {
            inputGradient[index] = 0
        }
        return inputGradient
    }
}
