/// `FixedPoint`'s requantization functions on 16 int32 lanes at once, equal lane by lane to the scalar ones.
///
/// Written only in operations every vector ISA has a form of, so that LLVM picks the instructions: 32 x 32 -> 64-bit
/// products of sign-extended lanes (`vpmuldq`), per-lane shifts (`vpsllvd`, `vpsravd`: AVX2 and later) and compare
/// masks. Release builds of SpokenNN target the building CPU (Package.swift), where each function is a handful of
/// instructions; at x86-64's SSE2 baseline the per-lane shifts are emulated, correct but slower.
extension FixedPoint {
    /// Sixteen int32 values: the accumulators of 16 output channels, or 16 elements.
    public typealias Lanes = SIMD16<Int32>

    /// `saturatingRoundingDoublingHighMul(a[i], b[i])` on every lane, exact unless both are `Int32.min` (the
    /// saturating case, which callers rule out).
    ///
    /// Each 64-bit half of a lane pair is one product: even lanes sign-extended in place by shifting up and back,
    /// odd lanes by shifting down; `floor((ab + 2^30) / 2^31)` as in the scalar form.
    @inline(__always)
    static func saturatingRoundingDoublingHighMul(_ a: Lanes, _ b: Lanes) -> Lanes {
        let a64 = unsafeBitCast(a, to: SIMD8<Int64>.self)
        let b64 = unsafeBitCast(b, to: SIMD8<Int64>.self)
        let nudge = SIMD8<Int64>(repeating: 1 << 30)
        let even = (((a64 &<< 32) &>> 32) &* ((b64 &<< 32) &>> 32) &+ nudge) &>> 31
        let odd = ((a64 &>> 32) &* (b64 &>> 32) &+ nudge) &>> 31
        return unsafeBitCast((even & 0xFFFF_FFFF) | (odd &<< 32), to: Lanes.self)
    }

    /// `roundingDivideByPOT(x[i], exponent[i])` on every lane, `exponent` in 0...31.
    @inline(__always)
    static func roundingDivideByPOT(_ x: Lanes, _ exponent: Lanes) -> Lanes {
        let mask = (Lanes(repeating: 1) &<< exponent) &- 1
        let remainder = x & mask
        let threshold = (mask &>> 1) &+ ((x &>> 31) & 1)
        // remainder > threshold, both in [0, 2^31): the sign of their difference.
        return (x &>> exponent) &+ (((threshold &- remainder) &>> 31) & 1)
    }

    /// `multiplyByQuantizedMultiplier(x[i], multiplier[i], shift[i])` on every lane, given `leftShift = max(shift, 0)`
    /// and `rightShift = max(-shift, 0)`; exact when no multiplier is `Int32.min` and every right shift is at most 31.
    /// Left shifts wrap as the scalar `x &* (1 &<< leftShift)` does.
    @inline(__always)
    static func multiplyByQuantizedMultiplier(
        _ x: Lanes, _ multiplier: Lanes, leftShift: Lanes, rightShift: Lanes
    ) -> Lanes {
        roundingDivideByPOT(saturatingRoundingDoublingHighMul(x &<< leftShift, multiplier), rightShift)
    }
}
