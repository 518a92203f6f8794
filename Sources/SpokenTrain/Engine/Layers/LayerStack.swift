/// Layers run one after the other: a whole network, or the body of a residual block.
final class LayerStack: Layer {
    let inputShape: Shape
    let layers: [any Layer]
    var outputShape: Shape { layers.last?.outputShape ?? inputShape }

    init(input: Shape, layers: [any Layer]) {
        inputShape = input
        self.layers = layers
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        layers.reduce(input) { $1.forward($0, batch: batch, context: &context) }
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        layers.reversed().reduce(outputGradient) { $1.backward($0, batch: batch, context: context) }
    }
}
