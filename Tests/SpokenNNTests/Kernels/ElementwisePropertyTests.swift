import Testing

@testable import SpokenNN

/// ADD and MUL with a small broadcast operand (the tabulated path) and with equal shapes (the direct path) against
/// TFLM's per-element formulas written out independently (`LiteralTFLM`), one element at a time.
@Suite("Elementwise properties")
struct ElementwisePropertyTests {
    @Test("ADD and MUL equal TFLM's per-element functions, tabulated or not", arguments: 0..<40)
    func elementwise(seed: Int) throws {
        var g = SplitMix(seed: UInt64(seed) + 40_000)
        let channels = Int.random(in: 1...20, using: &g)
        let pixels = Int.random(in: 1...900, using: &g)
        let smallFirst = Bool.random(using: &g)
        let big = [1, pixels, 1, channels]
        let small = Bool.random(using: &g) ? [channels] : [1, 1, 1, channels]
        let (shape1, shape2) = smallFirst ? (small, big) : (big, small)
        let shape = try BroadcastShape(shape1, shape2)
        let x = (0..<shape1.reduce(1, *)).map { _ in Int8.random(in: .min ... .max, using: &g) }
        let y = (0..<shape2.reduce(1, *)).map { _ in Int8.random(in: .min ... .max, using: &g) }
        func quantized() -> LiteralTFLM.Quantized {
            LiteralTFLM.Quantized(
                scale: Float.random(in: 0.01...0.1, using: &g), zeroPoint: Int32.random(in: -128...127, using: &g))
        }
        let activation: FusedActivation = [.none, .relu, .relu6][Int.random(in: 0...2, using: &g)]
        let (a1, a2, aOut, m1, m2, mOut) = (
            quantized(), quantized(), quantized(), quantized(), quantized(), quantized()
        )
        let add = try AddParameters(
            input1Scale: a1.scale, input1ZeroPoint: a1.zeroPoint, input2Scale: a2.scale, input2ZeroPoint: a2.zeroPoint,
            outputScale: aOut.scale, outputZeroPoint: aOut.zeroPoint, activation: activation)
        let mul = try MulParameters(
            input1Scale: m1.scale, input1ZeroPoint: m1.zeroPoint, input2Scale: m2.scale, input2ZeroPoint: m2.zeroPoint,
            outputScale: mOut.scale, outputZeroPoint: mOut.zeroPoint, activation: activation)

        var expectedAdd = [Int8]()
        var expectedMul = [Int8]()
        for pixel in 0..<pixels {
            for c in 0..<channels {
                let a = smallFirst ? x[c] : x[pixel * channels + c]
                let b = smallFirst ? y[pixel * channels + c] : y[c]
                expectedAdd.append(LiteralTFLM.add(a, b, a1, a2, aOut, activation))
                expectedMul.append(LiteralTFLM.mul(a, b, m1, m2, mOut, activation))
            }
        }
        let count = shape.outputCount
        let tableBytes = shape.tableBytes(count1: x.count, count2: y.count)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(tableBytes, 1), alignment: 16)
        defer { scratch.deallocate() }
        if pixels >= 600, channels < FixedPoint.Lanes.scalarCount { #expect(tableBytes > 0) }
        for table in [nil, scratch] {
            let addOutput = KernelRunner.withScratch(0, count) { out, _ in
                x.withUnsafeBufferPointer { a in
                    y.withUnsafeBufferPointer {
                        Add.run(add, shape: shape, input1: a, input2: $0, output: out, scratch: table)
                    }
                }
            }
            let mulOutput = KernelRunner.withScratch(0, count) { out, _ in
                x.withUnsafeBufferPointer { a in
                    y.withUnsafeBufferPointer {
                        Mul.run(mul, shape: shape, input1: a, input2: $0, output: out, scratch: table)
                    }
                }
            }
            #expect(addOutput == expectedAdd)
            #expect(mulOutput == expectedMul)
        }
    }
}
