/// `ActivationRange`'s clamp on 16 int32 lanes, for kernels that requantize 16 elements at a time.
extension ActivationRange {
    /// `min(max(v[i], min), max)` on every lane, for any int32 values.
    ///
    /// Written as additions under sign masks, the form LLVM turns into a compare and a masked move:
    /// `SIMD.replacing(with:where:)` on `.<` masks and `clamped(lowerBound:upperBound:)` compile to calls or to
    /// 128-bit pieces. `x + ((bound - x) & mask)` is `bound` where the mask is set even when the subtraction wraps,
    /// and the mask is an overflow-free comparison, so lanes far from int8 (a MUL's wrapped product) clamp too.
    @inline(__always)
    func clamp(_ v: FixedPoint.Lanes) -> FixedPoint.Lanes {
        let low = FixedPoint.Lanes(repeating: min)
        let high = FixedPoint.Lanes(repeating: max)
        let raised = v &+ ((low &- v) & Self.less(v, low))
        return raised &+ ((high &- raised) & Self.less(high, raised))
    }

    /// All ones in the lanes where `a < b`, zero elsewhere: the sign of `a - b` corrected for overflow (Hacker's
    /// Delight 2-12).
    @inline(__always)
    private static func less(_ a: FixedPoint.Lanes, _ b: FixedPoint.Lanes) -> FixedPoint.Lanes {
        let difference = a &- b
        return (difference ^ ((a ^ b) & (difference ^ a))) &>> 31
    }

    /// `min(max(v[i], min), max)` on every lane for values within 2^30 of the range, as requantized accumulators
    /// with a right shift are: the clamp as the signs of differences, which LLVM turns into `vpmaxsd` and `vpminsd`
    /// on the differences (`clamp` takes a compare and a masked move per bound, twice the latency).
    @inline(__always)
    func clampNear(_ v: FixedPoint.Lanes) -> FixedPoint.Lanes {
        let belowMinimum = v &- FixedPoint.Lanes(repeating: min)
        let raised = v &- (belowMinimum & (belowMinimum &>> 31))
        let aboveMaximum = raised &- FixedPoint.Lanes(repeating: max)
        return raised &- (aboveMaximum & ~(aboveMaximum &>> 31))
    }

    /// `clampNear` where the value came out of a right shift of at least 1 (`shift < 0`: a real multiplier below 1/2),
    /// which bounds it within 2^30 + 129 of 0; `clamp` otherwise.
    @inline(__always)
    func clamp(_ v: FixedPoint.Lanes, afterShift shift: Int32) -> FixedPoint.Lanes {
        shift < 0 ? clampNear(v) : clamp(v)
    }
}
