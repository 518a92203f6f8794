/// A residual connection: `body(x) + x` (TFLite's ADD; an activation after it is a layer of its own, fused into the
/// ADD at export). The body must keep the shape.
final class ResidualLayer: Layer {
    let body: LayerStack
    var inputShape: Shape { body.inputShape }
    var outputShape: Shape { body.inputShape }
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(body: LayerStack) {
        self.body = body
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let count = batch * inputShape.count
        let y = output.reserve(count)
        let f = body.forward(input, batch: batch, context: &context)
        for index in 0..<count { y[index] = f[index] + input[index] }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        // The shortcut reads the output gradient after the body: not scratch for the body.
        var bodyContext = context
        bodyContext.outputGradientIsScratch = false
        guard let bodyGradient = body.backward(outputGradient, batch: batch, context: bodyContext) else { return nil }
        let count = batch * inputShape.count
        let dx = inputGradient.reserve(count)
        for index in 0..<count { dx[index] = bodyGradient[index] + outputGradient[index] }
        return UnsafePointer(dx)
    }
}
