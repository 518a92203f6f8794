/// Options of `SOFTMAX` (`tflite::SoftmaxOptions`).
public struct SoftmaxOptions: Equatable, Sendable {
    /// The inverse temperature: `softmax(beta * x)`.
    public var beta: Float

    public init(beta: Float = 1) {
        self.beta = beta
    }
}
