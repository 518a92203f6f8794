/// The fixed-point arithmetic TFLM's int8 kernels are built on, once, bit for bit.
///
/// These are gemmlowp's `fixedpoint.h` scalar int32 functions and TFLite's `common.h` wrappers around them, which
/// TFLM's reference kernels call: the double-rounding `MultiplyByQuantizedMultiplier` (TFLM is built without
/// `TFLITE_SINGLE_ROUNDING`), and the Q-format exp and reciprocal that quantized SOFTMAX uses. Where C++ would
/// overflow a signed int32 (undefined there, wrapping on every compiler TFLM ships with) these wrap too.
public enum FixedPoint {
    /// `gemmlowp::SaturatingRoundingDoublingHighMul`: `round(a * b / 2^31)` with `INT32_MIN * INT32_MIN` saturated
    /// to `INT32_MAX` (the ARM `VQRDMULH` instruction). Its nudge of `±2^30` and C's truncating division make ties
    /// round toward +infinity (-0.5 becomes 0), not away from zero.
    @inlinable @inline(__always)
    public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == b && a == Int32.min { return Int32.max }
        // gemmlowp computes (ab + nudge) / 2^31 with nudge = 2^30 or 1 - 2^30 by sign and C's truncating division;
        // both cases equal floor((ab + 2^30) / 2^31), an arithmetic shift, and the product cannot overflow int64.
        let product = Int64(a) &* Int64(b)
        return Int32(truncatingIfNeeded: (product &+ (1 << 30)) &>> 31)
    }

    /// `gemmlowp::RoundingDivideByPOT`: `x / 2^exponent` rounded to nearest, ties away from zero
    /// (an arithmetic right shift that rounds). `exponent` is in 0...31.
    @inlinable @inline(__always)
    public static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask = Int32(truncatingIfNeeded: (Int64(1) &<< Int64(exponent)) &- 1)
        let remainder = x & mask
        let threshold = (mask &>> 1) &+ (x < 0 ? 1 : 0)
        return (x &>> exponent) &+ (remainder > threshold ? 1 : 0)
    }

    /// `tflite::MultiplyByQuantizedMultiplier(int32_t, int32_t, int)`, double-rounding variant:
    /// `RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * 2^left, multiplier), right)` with
    /// `left = max(shift, 0)` and `right = max(-shift, 0)`.
    @inlinable @inline(__always)
    public static func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
        let leftShift = shift > 0 ? shift : 0
        let rightShift = shift > 0 ? 0 : 0 &- shift
        let scaled = x &* (1 &<< leftShift)
        guard multiplier != Int32.min else {
            return roundingDivideByPOT(saturatingRoundingDoublingHighMul(scaled, multiplier), rightShift)
        }
        // The same two roundings without branches, in int64: the high multiply as floor((ab + 2^30) / 2^31) (exact
        // unless both operands are INT32_MIN, excluded above), then round-half-away division by 2^rightShift.
        let high = (Int64(scaled) &* Int64(multiplier) &+ (1 << 30)) &>> 31
        let right = Int64(rightShift)
        let mask = (Int64(1) &<< right) &- 1
        let threshold = (mask &>> 1) &+ ((high &>> 63) & 1)
        let roundUp = ((threshold &- (high & mask)) &>> 63) & 1
        return Int32(truncatingIfNeeded: (high &>> right) &+ roundUp)
    }

    /// `tflite::MultiplyByQuantizedMultiplierSmallerThanOneExp` (ADD's rescaling): for `leftShift <= 0` the same as
    /// `multiplyByQuantizedMultiplier`.
    @inlinable @inline(__always)
    public static func multiplyByQuantizedMultiplierSmallerThanOneExp(
        _ x: Int32, _ multiplier: Int32, _ leftShift: Int32
    ) -> Int32 {
        roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -leftShift)
    }

    /// `tflite::MultiplyByQuantizedMultiplierGreaterThanOne` (SOFTMAX's input scaling), `leftShift >= 0`.
    @inlinable @inline(__always)
    public static func multiplyByQuantizedMultiplierGreaterThanOne(
        _ x: Int32, _ multiplier: Int32, _ leftShift: Int32
    ) -> Int32 {
        saturatingRoundingDoublingHighMul(x &* (1 << leftShift), multiplier)
    }

    /// `gemmlowp::SaturatingRoundingMultiplyByPOT<exponent>`: a saturating left shift for `exponent > 0`, a rounding
    /// right shift for `exponent < 0`.
    @inlinable @inline(__always)
    public static func saturatingRoundingMultiplyByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        if exponent == 0 { return x }
        if exponent < 0 { return roundingDivideByPOT(x, -exponent) }
        let threshold = Int32((1 << (31 - exponent)) - 1)
        if x > threshold { return Int32.max }
        if x < -threshold { return Int32.min }
        return x << exponent
    }

    /// `gemmlowp::RoundingHalfSum`: `(a + b) / 2` rounded to nearest, ties away from zero.
    @inlinable @inline(__always)
    public static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        let sign: Int64 = sum >= 0 ? 1 : -1
        return Int32(truncatingIfNeeded: (sum + sign) / 2)
    }

    /// `gemmlowp::Rescale<dst>(FixedPoint<int32_t, src>)`: changes the integer bits of a Q-format value.
    @inlinable @inline(__always)
    static func rescale(_ raw: Int32, from sourceIntegerBits: Int32, to destinationIntegerBits: Int32) -> Int32 {
        saturatingRoundingMultiplyByPOT(raw, sourceIntegerBits - destinationIntegerBits)
    }

    /// `gemmlowp::exp_on_interval_between_negative_one_quarter_and_0_excl` on Q0.31 values: a Taylor expansion
    /// around -1/8.
    @inlinable
    static func expOnIntervalBetweenNegativeOneQuarterAnd0Excl(_ a: Int32) -> Int32 {
        let constantTerm: Int32 = 1_895_147_668  // exp(-1/8)
        let constantOneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)  // a + 1/8
        let x2 = saturatingRoundingDoublingHighMul(x, x)
        let x3 = saturatingRoundingDoublingHighMul(x2, x)
        let x4 = saturatingRoundingDoublingHighMul(x2, x2)
        let x4Over4 = saturatingRoundingMultiplyByPOT(x4, -2)
        let sum = saturatingRoundingMultiplyByPOT(
            saturatingRoundingDoublingHighMul(x4Over4 &+ x3, constantOneThird) &+ x2, -1)
        return constantTerm &+ saturatingRoundingDoublingHighMul(constantTerm, x &+ sum)
    }

    /// `gemmlowp::exp_on_negative_values`: `exp(a)` for `a <= 0` in Q`integerBits`, result in Q0.31.
    @inlinable
    public static func expOnNegativeValues(_ a: Int32, integerBits: Int32) -> Int32 {
        let fractionalBits = 31 - integerBits
        let oneQuarter: Int32 = 1 << (fractionalBits - 2)
        let mask = oneQuarter &- 1
        let aModQuarterMinusOneQuarter = (a & mask) &- oneQuarter
        var result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
            rescale(aModQuarterMinusOneQuarter, from: integerBits, to: 0))
        let remainder = aModQuarterMinusOneQuarter &- a
        // The barrel shifter: multiply by exp(-2^k), k = -2...4, where that bit of the remainder is set.
        @inline(__always) func barrel(_ exponent: Int32, _ multiplier: Int32) {
            if integerBits > exponent && remainder & (1 << (fractionalBits + exponent)) != 0 {
                result = saturatingRoundingDoublingHighMul(result, multiplier)
            }
        }
        barrel(-2, 1_672_461_947)
        barrel(-1, 1_302_514_674)
        barrel(0, 790_015_084)
        barrel(1, 290_630_308)
        barrel(2, 39_332_535)
        barrel(3, 720_401)
        barrel(4, 242)
        if integerBits > 5 {
            let clamp = -(Int32(1) << (36 - integerBits))  // -32 in this format
            if a < clamp { result = 0 }
        }
        if a == 0 { result = Int32.max }
        return result
    }

    /// `gemmlowp::one_over_one_plus_x_for_x_in_0_1`: `1 / (1 + a)` for Q0.31 `a` in [0, 1), by Newton-Raphson
    /// division in Q2.29, result in Q0.31.
    @inlinable
    public static func oneOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
        let halfDenominator = roundingHalfSum(a, Int32.max)
        let constant48Over17: Int32 = 1_515_870_810
        let constantNeg32Over17: Int32 = -1_010_580_540
        let oneQ2: Int32 = 1 << 29
        var x = constant48Over17 &+ saturatingRoundingDoublingHighMul(halfDenominator, constantNeg32Over17)
        for _ in 0..<3 {
            let halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x)
            let oneMinus = oneQ2 &- halfDenominatorTimesX
            // x * oneMinus is Q4; rescale to Q2.
            x = x &+ rescale(saturatingRoundingDoublingHighMul(x, oneMinus), from: 4, to: 2)
        }
        // ExactMulByPot<-1> makes it Q1, then Rescale<0>.
        return rescale(x, from: 1, to: 0)
    }

    /// `tflite::GetReciprocal`: `1 / x` for a positive Q`integerDigits` value, as a Q0.31 scale and the number of
    /// bits of `x` above 1.0.
    @inlinable
    public static func reciprocal(_ x: Int32, integerDigits: Int32) -> (scale: Int32, bitsOverUnit: Int32) {
        let headroomPlusOne = Int32(UInt32(bitPattern: x).leadingZeroBitCount)
        let bitsOverUnit = integerDigits - headroomPlusOne
        let shiftedSumMinusOne = Int32(
            bitPattern: (UInt32(bitPattern: x) &<< UInt32(headroomPlusOne)) &- (UInt32(1) << 31))
        return (oneOverOnePlusXForXIn01(shiftedSumMinusOne), bitsOverUnit)
    }
}
