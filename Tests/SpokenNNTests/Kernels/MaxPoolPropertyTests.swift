import Testing

@testable import SpokenNN

/// MAX_POOL_2D against TFLM's per-channel loop one output at a time (`LiteralTFLM`, which shares no code with the
/// kernel or `PoolParameters`), for depths that mix 16-channel chunks with
/// leftover channels, windows cut by padding and every kind of clamp.
@Suite("MaxPool2D properties")
struct MaxPoolPropertyTests {
    @Test("MAX_POOL_2D equals the largest in-image window value, clamped", arguments: 0..<30)
    func maxPool(seed: Int) throws {
        var g = SplitMix(seed: UInt64(seed) + 70_000)
        let depth = [1, 15, 16, 17, 32, 40, 48].randomElement(using: &g)!
        let shape = [
            Int.random(in: 1...2, using: &g), Int.random(in: 3...9, using: &g), Int.random(in: 3...9, using: &g), depth,
        ]
        let activation: FusedActivation = [.none, .relu, .relu6, .reluN1To1].randomElement(using: &g)!
        let filter = (height: Int.random(in: 1...3, using: &g), width: Int.random(in: 1...3, using: &g))
        let stride = (height: Int.random(in: 1...2, using: &g), width: Int.random(in: 1...2, using: &g))
        let same = Bool.random(using: &g)
        let (scale, zeroPoint) = (Float.random(in: 0.01...0.1, using: &g), Int32.random(in: -128...127, using: &g))
        let p = try PoolParameters(
            inputShape: shape, filterHeight: filter.height, filterWidth: filter.width, strideHeight: stride.height,
            strideWidth: stride.width, padding: same ? .same : .valid, activation: activation, outputScale: scale,
            outputZeroPoint: zeroPoint)
        let input = (0..<shape.reduce(1, *)).map { _ in Int8.random(in: .min ... .max, using: &g) }
        let expected = LiteralTFLM.maxPool(
            input, shape: shape, filter: filter, stride: stride, same: same,
            range: LiteralTFLM.range(activation, scale: scale, zeroPoint: zeroPoint))
        let output = KernelRunner.withScratch(0, p.outputCount) { out, _ in
            input.withUnsafeBufferPointer { MaxPool2D.run(p, input: $0, output: out) }
        }
        #expect(output == expected)
    }
}
