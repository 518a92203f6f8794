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
    /// the caller wants the stack's. A gradient in a buffer of a layer of this stack is scratch for the layer below
    /// (only it reads that buffer); one passed through unchanged (or overwritten in place) stays what it was.
    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        var gradient = outputGradient
        var scratch = context.outputGradientIsScratch
        for index in layers.indices.reversed() {
            var layerContext = context
            layerContext.needsInputGradient = index > 0 || context.needsInputGradient
            layerContext.outputGradientIsScratch = scratch
            guard let next = layers[index].backward(gradient, batch: batch, context: layerContext) else { return nil }
            scratch = scratch || next != gradient
            gradient = next
        }
        return gradient
    }
}
