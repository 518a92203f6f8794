/// ReLU or ReLU6 on its own, where no batch norm takes it in (after a residual ADD, a layer without batch norm; the
/// exporter fuses it into the op before it). Keeps its output: the gradient passes where the output is strictly
/// inside the linear range.
final class ActivationLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    /// The upper clamp: 6 for ReLU6, infinity for ReLU.
    let ceiling: Float
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, ceiling: Float) {
        inputShape = input
        self.ceiling = ceiling
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let ceiling = ceiling
        let y = output.reserve(batch * inputShape.count)
        for index in 0..<(batch * inputShape.count) { y[index] = Self.clamp(input[index], ceiling: ceiling) }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let ceiling = ceiling
        let (y, dy) = (output.pointer, outputGradient)
        let dx = inputGradient.reserve(batch * inputShape.count)
        for index in 0..<(batch * inputShape.count) {
            dx[index] = Self.gate(dy[index], output: y[index], ceiling: ceiling)
        }
        return UnsafePointer(dx)
    }

    /// The activation of `value`.
    @inline(__always)
    static func clamp(_ value: Float, ceiling: Float) -> Float { min(max(value, 0), ceiling) }

    /// The gradient through the activation: `outputGradient` where the output is inside the linear range, else 0.
    @inline(__always)
    static func gate(_ outputGradient: Float, output: Float, ceiling: Float) -> Float {
        output > 0 && output < ceiling ? outputGradient : 0
    }
}
