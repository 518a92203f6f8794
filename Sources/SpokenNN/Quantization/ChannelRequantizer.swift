/// TFLM's output stage of a convolution for one output channel, four accumulators (four pixels, which share the
/// channel's multiplier and shift) at a time: the double-rounding `MultiplyByQuantizedMultiplier`, plus the output
/// zero point, clamped to the activation range — bit for bit `ActivationRange.requantize` on each lane.
///
/// x86-64's baseline SSE2 has no 64-bit multiply and no per-lane shifts, so the scalar int64 form does not
/// vectorize. This one is written in what SSE2 has: unsigned 32x32 -> 64-bit products of alternate lanes (the
/// shape of `PMULUDQ`; LLVM currently emits four scalar `imul`s for them), 64-bit logical shifts and 32-bit shifts by
/// one count for all lanes. `SaturatingRoundingDoublingHighMul` keeps bits 31...62 of `x * m + 2^30`; for `m >= 0`
/// those are bits 31...62 of `zext(x) * m + 2^30` less `2m` when `x < 0` (the signed product is the unsigned one
/// less `m * 2^32`), all modulo 2^32.
struct ChannelRequantizer {
    let multiplier: Int32
    let leftShift: Int32
    let rightShift: Int32
    let zeroPoint: Int32
    let activation: ActivationRange

    init(multiplier: Int32, shift: Int32, zeroPoint: Int32, activation: ActivationRange) {
        self.multiplier = multiplier
        self.leftShift = shift > 0 ? shift : 0
        self.rightShift = shift > 0 ? 0 : 0 &- shift
        self.zeroPoint = zeroPoint
        self.activation = activation
    }

    /// Whether the vector form is exact: `QuantizeMultiplier` gives multipliers in [2^30, 2^31) or 0, and shifts
    /// of at most 31 either way; the clamp needs a right shift of at least 1 (a real multiplier below 1/2, as
    /// convolutions' are). Anything else goes through the scalar form.
    var isVectorizable: Bool { multiplier >= 0 && leftShift == 0 && rightShift >= 1 && rightShift <= 31 }

    @inline(__always)
    func callAsFunction(_ x: SIMD4<Int32>) -> SIMD4<Int32> {
        let scaled = x &<< leftShift
        let m = UInt64(UInt32(bitPattern: multiplier))
        let pairs = unsafeBitCast(scaled, to: SIMD2<UInt64>.self)
        let low = SIMD2<UInt64>(repeating: 0xFFFF_FFFF)
        let nudge = SIMD2<UInt64>(repeating: 1 << 30)
        // Lanes 0 and 2 land in the low halves, lanes 1 and 3 in the high halves, each as bits 31...62.
        let even = (((pairs & low) &* m) &+ nudge) &>> 31
        let odd = ((((pairs &>> 32) &* m) &+ nudge) &<< 1) & ~low
        var high = unsafeBitCast((even & low) | odd, to: SIMD4<Int32>.self)
        high &-= (scaled &>> 31) & (multiplier &<< 1)
        // RoundingDivideByPOT: round half away from zero.
        let mask = (Int32(1) &<< rightShift) &- 1
        let remainder = high & mask
        let threshold = (mask &>> 1) &+ ((high &>> 31) & 1)
        let roundUp = (threshold &- remainder) &>> 31
        let value = (high &>> rightShift) &- roundUp &+ zeroPoint
        // The clamp as masks of differences' signs, not min/max (which x86-64 codegen turns into a compare and
        // branch per lane): with `rightShift >= 1`, `|value| < 2^30 + 129`, so no difference overflows.
        let belowMin = value &- activation.min
        let raised = value &- (belowMin & (belowMin &>> 31))
        let aboveMax = raised &- activation.max
        return raised &- (aboveMax & ~(aboveMax &>> 31))
    }

    @inline(__always)
    func scalar(_ x: Int32) -> Int8 {
        activation.requantize(x, multiplier: multiplier, shift: leftShift &- rightShift, zeroPoint: zeroPoint)
    }

    /// Requantizes `count` accumulators `source[i * sourceStride]` into `destination[i * destinationStride]`.
    @inline(__always)
    func run(
        _ source: UnsafePointer<Int32>, stride sourceStride: Int, into destination: UnsafeMutablePointer<Int8>,
        stride destinationStride: Int, count: Int
    ) {
        var source = source
        var destination = destination
        var remaining = count
        if isVectorizable {
            while remaining >= 4 {
                let y = self(
                    SIMD4(
                        source[0], source[sourceStride], source[2 &* sourceStride], source[3 &* sourceStride]))
                destination[0] = Int8(truncatingIfNeeded: y[0])
                destination[destinationStride] = Int8(truncatingIfNeeded: y[1])
                destination[2 &* destinationStride] = Int8(truncatingIfNeeded: y[2])
                destination[3 &* destinationStride] = Int8(truncatingIfNeeded: y[3])
                source += 4 &* sourceStride
                destination += 4 &* destinationStride
                remaining &-= 4
            }
        }
        while remaining > 0 {
            destination.pointee = scalar(source.pointee)
            source += sourceStride
            destination += destinationStride
            remaining &-= 1
        }
    }
}
