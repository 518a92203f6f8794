/// Layers run one after the other: a whole network, or the body of a residual block.
final class LayerStack: Layer {
    let inputShape: Shape
    let layers: [any Layer]
    var outputShape: Shape { layers.last?.outputShape ?? inputShape }

    init(input: Shape, layers: [any Layer]) {
        inputShape = input
        self.layers = layers
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        layers.reduce(input) { $1.forward($0, batch: batch, context: &context) }
    }

    /// Every layer but the first is asked for its input gradient (the layer below consumes it); the first only when
    /// the caller wants the stack's.
    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        var gradient = outputGradient
        for index in layers.indices.reversed() {
            var layerContext = context
            layerContext.needsInputGradient = index > 0 || context.needsInputGradient
            guard let next = layers[index].backward(gradient, batch: batch, context: layerContext) else { return nil }
            gradient = next
        }
        return gradient
    }
}
