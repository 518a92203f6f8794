import SpokenDSP

/// Inverted dropout: in training each value is kept with probability `1 − rate` and scaled by `1 / (1 − rate)`, so
/// evaluation (and the exported graph) is the identity.
final class DropoutLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let rate: Float
    /// Per value: 0 or the scale, from the last training forward pass.
    private let mask = LayerBuffer()
    private let draws = LayerBuffer()
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()
    private var masked = false

    init(input: Shape, rate: Float) {
        inputShape = input
        self.rate = rate
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        masked = context.training && rate > 0
        guard masked else { return input }
        let count = batch * inputShape.count
        let (scale, rate) = (1 / (1 - rate), rate)
        // The draws are 64-bit; two floats' room holds one.
        let raw = UnsafeMutableRawPointer(draws.reserve(2 * count)).bindMemory(to: UInt64.self, capacity: count)
        context.random.fill(UnsafeMutableBufferPointer(start: raw, count: count))
        let (m, y) = (mask.reserve(count), output.reserve(count))
        for index in 0..<count {
            m[index] = SplitMix64.unitFloat(raw[index]) < rate ? 0 : scale
            y[index] = input[index] * m[index]
        }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        guard masked else { return outputGradient }
        let count = batch * inputShape.count
        let (m, dx) = (mask.pointer, inputGradient.reserve(count))
        for index in 0..<count { dx[index] = outputGradient[index] * m[index] }
        return UnsafePointer(dx)
    }
}
