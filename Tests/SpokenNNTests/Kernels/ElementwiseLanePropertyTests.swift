import Testing

@testable import SpokenNN

/// ADD and MUL on runs long enough for the 16-lane path, against TFLM's per-element formulas one element at a time:
/// equal shapes, a per-channel operand, a scalar operand and a broadcast along an inner dimension (a run of one
/// repeated element), run lengths that are not multiples of 16, zero points at the ends of int8, RELU-like clamps,
/// and multipliers and shifts at the ends of the lane functions' domain.
@Suite("Elementwise lane properties")
struct ElementwiseLanePropertyTests {
    static let shapes: [([Int], [Int])] = [
        ([1, 7, 37], [1, 7, 37]), ([1, 5, 3, 16], [16]), ([2, 3, 48], [1, 1, 48]), ([1, 6, 33], [1]),
        ([1], [1, 4, 50]), ([1, 3, 4, 17], [1, 3, 1, 17]), ([3, 1, 40], [3, 5, 1]), ([19], [19]), ([16], [1]),
        ([20], [2, 3, 20]),
    ]

    @Test("ADD and MUL with lane-long runs equal TFLM's per-element functions", arguments: 0..<50)
    func lanes(seed: Int) throws {
        var g = SplitMix(seed: UInt64(seed) + 90_000)
        let (shape1, shape2) = Self.shapes[seed % Self.shapes.count]
        let shape = try BroadcastShape(shape1, shape2)
        #expect(shape.hasLaneRuns)
        func values(_ count: Int) -> [Int8] {
            (0..<count).map { _ in
                Bool.random(using: &g)
                    ? [Int8.min, -1, 0, 1, Int8.max].randomElement(using: &g)! : .random(in: .min ... .max, using: &g)
            }
        }
        let x = values(shape1.reduce(1, *))
        let y = values(shape2.reduce(1, *))
        func zero() -> Int32 {
            Bool.random(using: &g) ? [-128, 127].randomElement(using: &g)! : .random(in: -128...127, using: &g)
        }
        func range() -> ActivationRange {
            switch Int.random(in: 0...3, using: &g) {
            case 0: .int8
            case 1: ActivationRange(min: zero(), max: 127)
            case 2: ActivationRange(min: -128, max: zero())
            default:
                ActivationRange(min: Int32.random(in: -128...0, using: &g), max: Int32.random(in: 0...127, using: &g))
            }
        }
        func multiplier() -> Int32 {
            [Int32(1) << 30, Int32.max, 0, Int32.min + 1, .random(in: 1 << 30 ... .max, using: &g)].randomElement(
                using: &g)!
        }
        func rescale(_ shifts: ClosedRange<Int32>) -> QuantizedMultiplier {
            QuantizedMultiplier(
                multiplier: multiplier(),
                shift: Bool.random(using: &g)
                    ? [shifts.lowerBound, shifts.upperBound].randomElement(using: &g)! : .random(in: shifts, using: &g))
        }
        let add = AddParameters(
            input1ZeroPoint: zero(), input2ZeroPoint: zero(), outputZeroPoint: zero(), leftShift: 20,
            input1Multiplier: rescale(-31...0), input2Multiplier: rescale(-31...0), outputMultiplier: rescale(-31...0),
            activation: range())
        let mul = MulParameters(
            input1ZeroPoint: zero(), input2ZeroPoint: zero(), outputZeroPoint: zero(),
            outputMultiplier: rescale(-31...31), activation: range())
        #expect(Add.fitsLanes(add) && Mul.fitsLanes(mul))

        let inner1 = Self.innerIndices(shape1, shape.outputShape)
        let inner2 = Self.innerIndices(shape2, shape.outputShape)
        let expectedAdd = zip(inner1, inner2).map { Add.add(x[$0], y[$1], add) }
        let expectedMul = zip(inner1, inner2).map { i, j in
            let product = (Int32(x[i]) &- mul.input1ZeroPoint) &* (Int32(y[j]) &- mul.input2ZeroPoint)
            let value =
                FixedPoint.multiplyByQuantizedMultiplier(
                    product, mul.outputMultiplier.multiplier, mul.outputMultiplier.shift) &+ mul.outputZeroPoint
            return Int8(truncatingIfNeeded: min(max(value, mul.activation.min), mul.activation.max))
        }
        let addOutput = KernelRunner.withScratch(0, shape.outputCount) { out, _ in
            x.withUnsafeBufferPointer { a in
                y.withUnsafeBufferPointer { Add.run(add, shape: shape, input1: a, input2: $0, output: out) }
            }
        }
        let mulOutput = KernelRunner.withScratch(0, shape.outputCount) { out, _ in
            x.withUnsafeBufferPointer { a in
                y.withUnsafeBufferPointer { Mul.run(mul, shape: shape, input1: a, input2: $0, output: out) }
            }
        }
        #expect(addOutput == expectedAdd)
        #expect(mulOutput == expectedMul)
    }

    /// For each output element in order, the index of the operand of shape `shape` it reads (NumPy broadcasting).
    static func innerIndices(_ shape: [Int], _ output: [Int]) -> [Int] {
        let padded = Array(repeating: 1, count: output.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: output.count)
        var stride = 1
        for d in (0..<output.count).reversed() {
            strides[d] = padded[d] == 1 ? 0 : stride
            stride *= padded[d]
        }
        return (0..<output.reduce(1, *)).map { flat in
            var rest = flat
            var index = 0
            for d in (0..<output.count).reversed() {
                index += (rest % output[d]) * strides[d]
                rest /= output[d]
            }
            return index
        }
    }
}
