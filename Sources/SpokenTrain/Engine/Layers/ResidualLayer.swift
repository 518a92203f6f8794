/// A residual connection: `body(x) + x` (TFLite's ADD; an activation after it is a layer of its own, fused into the
/// ADD at export). The body must keep the shape.
final class ResidualLayer: Layer {
    let body: LayerStack
    var inputShape: Shape { body.inputShape }
    var outputShape: Shape { body.inputShape }

    init(body: LayerStack) {
        self.body = body
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        zip(body.forward(input, batch: batch, context: &context), input).map { $0 + $1 }
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        zip(body.backward(outputGradient, batch: batch, context: context), outputGradient).map { $0 + $1 }
    }
}
