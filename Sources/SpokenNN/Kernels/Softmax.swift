/// SOFTMAX int8 → int8 over the last dimension, bit-exact with TFLM's `reference_ops::Softmax` for int8 (the
/// gemmlowp fixed-point path: TFLM keeps LUTs for int16 only).
///
/// Per row: `diff = x - max(row)`; entries with `diff < diffMin` give -128; the others are scaled by
/// `beta * inputScale` into Q5.26 (`PreprocessSoftmaxScaling`), exponentiated with `exp_on_negative_values`, summed
/// in Q12.19, and multiplied by the Q0.31 reciprocal of the sum (`GetReciprocal`), then shifted to the output's
/// fixed quantization (scale 1/256, zero point -128). Since an int8 `diff` is one of 256 values, the exponentials
/// are tabulated at load; the table holds exactly what TFLM computes per element.
public struct Softmax: Sendable {
    /// TFLM's `input_multiplier` and `input_left_shift`.
    public let inputMultiplier: QuantizedMultiplier
    /// TFLM's `diff_min`: differences below it contribute exp(...) = 0.
    public let diffMin: Int32
    /// `exp` in Q0.31 of `-d` for d = 0...255 (0 where `-d < diffMin`).
    private let exponentials: [Int32]

    static let scaledDiffIntegerBits: Int32 = 5
    static let accumulationIntegerBits: Int32 = 12

    public init(inputScale: Float, beta: Float) throws(ModelError) {
        // PreprocessSoftmaxScaling with input_integer_bits = 5.
        let maxRealMultiplier = Double((Int64(1) << 31) - 1)
        let real = min(
            Double(beta) * Double(inputScale) * Double(1 << (31 - Self.scaledDiffIntegerBits)), maxRealMultiplier)
        guard real > 1 else {
            throw ModelError(.malformed, "SOFTMAX beta * input scale \(real / Double(1 << 26)) is too small for TFLM")
        }
        let m = QuantizedMultiplier(real)
        inputMultiplier = m
        // CalculateInputRadius(5, input_left_shift, 31).
        let radius =
            Double((1 << Self.scaledDiffIntegerBits) - 1) * Double(Int64(1) << (31 - Self.scaledDiffIntegerBits))
            / Double(Int64(1) << Int64(m.shift))
        let diffMin = -Int32(radius.rounded(.down))
        self.diffMin = diffMin
        exponentials = (0...255).map { d -> Int32 in
            let diff = -Int32(d)
            guard diff >= diffMin else { return 0 }
            let rescaled = FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(diff, m.multiplier, m.shift)
            return FixedPoint.expOnNegativeValues(rescaled, integerBits: Self.scaledDiffIntegerBits)
        }
    }

    /// Runs over `input.count / depth` rows of `depth` values.
    public func run(depth: Int, input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
        precondition(depth > 0 && output.count >= input.count && input.count % depth == 0, "SOFTMAX buffer sizes")
        let rows = input.count / depth
        exponentials.withUnsafeBufferPointer { table in
            for row in 0..<rows {
                let x = input.baseAddress! + row * depth
                let y = output.baseAddress! + row * depth
                var maximum = Int8.min
                for c in 0..<depth { maximum = max(maximum, x[c]) }
                var sum: Int32 = 0
                for c in 0..<depth {
                    let d = Int(maximum) - Int(x[c])
                    if -Int32(d) >= diffMin {
                        sum &+= FixedPoint.roundingDivideByPOT(table[d], Self.accumulationIntegerBits)
                    }
                }
                let (scale, bitsOverUnit) = FixedPoint.reciprocal(sum, integerDigits: Self.accumulationIntegerBits)
                let exponent = bitsOverUnit + 31 - 8
                for c in 0..<depth {
                    let d = Int(maximum) - Int(x[c])
                    if -Int32(d) >= diffMin {
                        let unsaturated = FixedPoint.roundingDivideByPOT(
                            FixedPoint.saturatingRoundingDoublingHighMul(scale, table[d]), exponent)
                        y[c] = Int8(truncatingIfNeeded: min(max(unsaturated &- 128, -128), 127))
                    } else {
                        y[c] = -128
                    }
                }
            }
        }
    }
}
