import Testing

@testable import SpokenNN

/// MAX_POOL_2D against TFLM's per-channel loop one output at a time, for depths that mix 16-channel chunks with
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
        let p = try PoolParameters(
            inputShape: shape, filterHeight: .random(in: 1...3, using: &g), filterWidth: .random(in: 1...3, using: &g),
            strideHeight: .random(in: 1...2, using: &g), strideWidth: .random(in: 1...2, using: &g),
            padding: Bool.random(using: &g) ? .same : .valid, activation: activation,
            outputScale: .random(in: 0.01...0.1, using: &g), outputZeroPoint: .random(in: -128...127, using: &g))
        let input = (0..<p.inputCount).map { _ in Int8.random(in: .min ... .max, using: &g) }
        var expected = [Int8]()
        for batch in 0..<p.batches {
            for outY in 0..<p.outputHeight {
                for outX in 0..<p.outputWidth {
                    let (rows, columns) = p.window(outY, outX)
                    for c in 0..<depth {
                        var largest: Int32 = -128
                        for y in rows {
                            for x in columns {
                                let index = ((batch * p.inputHeight + y) * p.inputWidth + x) * depth + c
                                largest = max(largest, Int32(input[index]))
                            }
                        }
                        expected.append(Int8(min(max(largest, p.activation.min), p.activation.max)))
                    }
                }
            }
        }
        let output = KernelRunner.withScratch(0, p.outputCount) { out, _ in
            input.withUnsafeBufferPointer { MaxPool2D.run(p, input: $0, output: out) }
        }
        #expect(output == expected)
    }
}
