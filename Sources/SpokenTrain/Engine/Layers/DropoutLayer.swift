import SpokenDSP

/// Inverted dropout: in training each value is kept with probability `1 − rate` and scaled by `1 / (1 − rate)`, so
/// evaluation (and the exported graph) is the identity.
final class DropoutLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let rate: Float
    /// Per value: whether the last training forward pass kept it, a byte each (a quarter of a float's memory
    /// traffic), in the room of a quarter as many floats.
    private let keptBuffer = LayerBuffer()
    /// The draws of one block of values, reused (in L1) block after block.
    private let draws = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: DropoutLayer.block)
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()
    private var masked = false
    private static let block = 1024

    init(input: Shape, rate: Float) {
        inputShape = input
        self.rate = rate
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        masked = context.training && rate > 0
        guard masked else { return input }
        let count = batch * inputShape.count
        let (scale, rate) = (1 / (1 - rate), rate)
        let kept = UnsafeMutableRawPointer(keptBuffer.reserve((count + 3) / 4))
            .bindMemory(to: Bool.self, capacity: count)
        let y = output.reserve(count)
        // Block by block, the draws in order: the same numbers as one fill of `count` draws.
        for start in stride(from: 0, to: count, by: Self.block) {
            let size = min(Self.block, count - start)
            context.random.fill(UnsafeMutableBufferPointer(rebasing: draws[0..<size]))
            for index in 0..<size {
                let keep = SplitMix64.unitFloat(draws[index]) >= rate
                kept[start + index] = keep
                y[start + index] = input[start + index] * (keep ? scale : 0)
            }
        }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        guard masked else { return outputGradient }
        let count = batch * inputShape.count
        let (scale, dx) = (1 / (1 - rate), inputGradient.reserve(count))
        let kept = UnsafeRawPointer(keptBuffer.pointer).assumingMemoryBound(to: Bool.self)
        for index in 0..<count { dx[index] = outputGradient[index] * (kept[index] ? scale : 0) }
        return UnsafePointer(dx)
    }

    deinit { draws.deallocate() }
}
