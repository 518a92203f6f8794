import Foundation
import Testing

@testable import SpokenNN

/// The fixed-point primitives against exact definitions written independently of gemmlowp's bit tricks:
/// 128-bit products and round-half-away-from-zero by explicit remainder comparison.
@Suite("FixedPoint")
struct FixedPointTests {
    /// `round(numerator / 2^exponent)`, ties away from zero, exactly.
    static func roundShift(_ numerator: Int128, _ exponent: Int) -> Int128 {
        let divisor = Int128(1) << exponent
        let magnitude = numerator.magnitude
        var quotient = magnitude / UInt128(divisor)
        let remainder = magnitude % UInt128(divisor)
        if exponent > 0 && remainder * 2 >= UInt128(divisor) { quotient += 1 }
        return numerator < 0 ? -Int128(quotient) : Int128(quotient)
    }

    static let edges: [Int32] = [
        .min, .min + 1, -(1 << 30) - 1, -(1 << 30), -3, -2, -1, 0, 1, 2, 3, 1 << 30, (1 << 30) + 1, .max - 1, .max,
    ]

    static func samples(_ count: Int, seed: UInt64) -> [Int32] {
        var generator = SplitMix(seed: seed)
        return edges + (0..<count).map { _ in Int32(truncatingIfNeeded: generator.next()) }
    }

    /// `floor(numerator / 2^exponent + 1/2)`: round to nearest, ties toward +infinity.
    static func roundShiftHalfUp(_ numerator: Int128, _ exponent: Int) -> Int128 {
        let shifted = numerator + (Int128(1) << (exponent - 1))
        // Arithmetic shift floors.
        return shifted >> exponent
    }

    @Test("SaturatingRoundingDoublingHighMul is round(a*b/2^31), ties toward +inf, INT32_MIN^2 saturated")
    func doublingHighMul() {
        #expect(FixedPoint.saturatingRoundingDoublingHighMul(.min, .min) == .max)
        #expect(FixedPoint.saturatingRoundingDoublingHighMul(.min, .max) == -Int32.max)
        // a*b = ±2^30 exactly: gemmlowp's nudge makes +0.5 round up and -0.5 round up too (to 0), unlike the
        // away-from-zero ties of RoundingDivideByPOT.
        #expect(FixedPoint.saturatingRoundingDoublingHighMul(1 << 15, 1 << 15) == 1)
        #expect(FixedPoint.saturatingRoundingDoublingHighMul(-(1 << 15), 1 << 15) == 0)
        #expect(FixedPoint.saturatingRoundingDoublingHighMul(-3 << 14, 1 << 16) == -1)
        let values = Self.samples(300, seed: 1)
        for a in values {
            for b in values.prefix(60) where !(a == .min && b == .min) {
                let expected = Self.roundShiftHalfUp(Int128(a) * Int128(b), 31)
                #expect(Int128(FixedPoint.saturatingRoundingDoublingHighMul(a, b)) == expected, "\(a) * \(b)")
            }
        }
    }

    @Test("RoundingDivideByPOT is round(x/2^e) with ties away from zero, for every exponent")
    func roundingDivide() {
        for exponent in Int32(0)...31 {
            var values = Self.samples(200, seed: UInt64(exponent) + 7)
            if exponent > 0 {
                let half = Int32(truncatingIfNeeded: Int64(1) << Int64(exponent - 1))
                values += [half, -half, 3 &* half, -3 &* half]
            }
            for x in values {
                let expected = Self.roundShift(Int128(x), Int(exponent))
                #expect(Int128(FixedPoint.roundingDivideByPOT(x, exponent)) == expected, "\(x) >> \(exponent)")
            }
        }
    }

    @Test("MultiplyByQuantizedMultiplier rounds twice, as TFLM's reference kernels do")
    func doubleRounding() {
        // 5 * 0.25: the high multiply rounds 2.5 to 3, the shift rounds 1.5 to 2; a single rounding would give 1.
        #expect(FixedPoint.multiplyByQuantizedMultiplier(5, 1 << 30, -1) == 2)
        // -5 * 0.25: -2.5 rounds up to -2 in the high multiply, then -1 rounds away to -1.
        #expect(FixedPoint.multiplyByQuantizedMultiplier(-5, 1 << 30, -1) == -1)
        // Positive shifts multiply before the high multiply.
        #expect(FixedPoint.multiplyByQuantizedMultiplier(3, 1 << 30, 2) == 6)
        for x in Self.samples(400, seed: 3) where abs(Int64(x)) < 1 << 24 {
            for shift in Int32(-31)...4 {
                let multiplier: Int32 = 1_518_500_250
                let high = Self.roundShiftHalfUp(Int128(x) * Int128(1 << Int64(max(shift, 0))) * Int128(multiplier), 31)
                let expected = Self.roundShift(high, Int(max(-shift, 0)))
                #expect(Int128(FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift)) == expected)
            }
        }
    }

    @Test("exp on negative values follows exp within gemmlowp's accuracy and is exactly 1 at 0")
    func exp() {
        #expect(FixedPoint.expOnNegativeValues(0, integerBits: 5) == Int32.max)
        for step in 1...2000 {
            let x = -Double(step) / 100  // down to -20
            let raw = Int32(x * Double(1 << 26))
            let result = Double(FixedPoint.expOnNegativeValues(raw, integerBits: 5)) / Double(1 << 31)
            #expect(abs(result - Foundation.exp(x)) < 2e-6, "exp(\(x))")
        }
    }

    @Test("1/(1+x) on [0,1) within a few ulps of Q0.31")
    func reciprocal() {
        for step in 0..<1000 {
            let x = Double(step) / 1000
            let raw = Int32(x * Double(Int32.max))
            let result = Double(FixedPoint.oneOverOnePlusXForXIn01(raw)) / Double(1 << 31)
            #expect(abs(result - 1 / (1 + x)) < 1e-8, "1/(1+\(x))")
        }
    }
}

/// A small deterministic generator (SplitMix64) so the sampled cases are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
