/// The output stage of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, 16 output channels at a time: per channel
/// `c`, TFLM's `MultiplyByQuantizedMultiplier(accumulator, multiplier[c], shift[c])` plus the output zero point,
/// clamped to the activation range — bit for bit `ActivationRange.requantize` on each lane.
///
/// The kernels accumulate channels in blocks of 16 lanes; the multipliers and shifts are laid out in the same blocks
/// at load, padded with zero multipliers. The lane form is exact for what `QuantizeMultiplier` makes from the
/// positive scales of a real multiplier below 1/2, as convolutions' are: a right shift of 1...31, so the clamp's
/// differences cannot overflow. A stage with any other (a multiplier of `Int32.min` from a hostile negative scale, a
/// real multiplier of 1/2 or more) goes through the scalar form, lane by lane.
struct OutputStage: Sendable {
    typealias Lanes = FixedPoint.Lanes

    static let lanes = 16

    private let multipliers: [Lanes]
    private let rightShifts: [Lanes]
    private let shifts: [Lanes]
    private let minimum: Lanes
    private let maximum: Lanes
    private let zeroPoint: Int32
    private let activation: ActivationRange
    /// Whether `store` takes the lane form.
    let isExactInLanes: Bool

    init(_ channels: ChannelMultipliers, zeroPoint: Int32, activation: ActivationRange) {
        let blocks = (channels.count + Self.lanes - 1) / Self.lanes
        func blocked(_ value: (Int) -> Int32) -> [Lanes] {
            (0..<blocks).map { block in
                var lanes = Lanes()
                for lane in 0..<Self.lanes where block * Self.lanes + lane < channels.count {
                    lanes[lane] = value(block * Self.lanes + lane)
                }
                return lanes
            }
        }
        multipliers = blocked { channels.multipliers[$0] }
        shifts = blocked { channels.shifts[$0] }
        rightShifts = blocked { max(0 &- channels.shifts[$0], 0) }
        minimum = Lanes(repeating: activation.min)
        maximum = Lanes(repeating: activation.max)
        self.zeroPoint = zeroPoint
        self.activation = activation
        isExactInLanes = zip(channels.multipliers, channels.shifts).allSatisfy { multiplier, shift in
            multiplier == 0 || (multiplier != Int32.min && shift >= -31 && shift <= -1)
        }
    }

    /// Requantizes channels `16 block ..< 16 block + count` into `destination[0..<count]`, `count` in 1...16.
    @inline(__always)
    func store(_ accumulators: Lanes, block: Int, into destination: UnsafeMutablePointer<Int8>, count: Int) {
        let values = requantized(accumulators, block: block)
        // Byte stores lane by lane, which LLVM turns into narrowing stores (`vpmovdb`); the SIMD conversion to
        // SIMD16<Int8> stays a generic call.
        if count == Self.lanes {
            for lane in 0..<Self.lanes { destination[lane] = Int8(truncatingIfNeeded: values[lane]) }
        } else {
            for lane in 0..<count { destination[lane] = Int8(truncatingIfNeeded: values[lane]) }
        }
    }

    /// The outputs of channels `16 block ..< 16 block + 16` for their accumulators, each in the activation range.
    @inline(__always)
    private func requantized(_ accumulators: Lanes, block: Int) -> Lanes {
        guard isExactInLanes else {
            var values = Lanes()
            for lane in 0..<Self.lanes {
                values[lane] = Int32(
                    activation.requantize(
                        accumulators[lane], multiplier: multipliers[block][lane], shift: shifts[block][lane],
                        zeroPoint: zeroPoint))
            }
            return values
        }
        let value =
            FixedPoint.multiplyByQuantizedMultiplier(
                accumulators, multipliers[block], leftShift: .zero, rightShift: rightShifts[block])
            &+ Lanes(repeating: zeroPoint)
        // The clamp as the signs of differences, which LLVM turns into `vpmaxsd`/`vpminsd` (`replacing(with:where:)`
        // and `clamped` do not inline); with a right shift of at least 1, |value| < 2^30 + 129.
        let belowMinimum = value &- minimum
        let raised = value &- (belowMinimum & (belowMinimum &>> 31))
        let aboveMaximum = raised &- maximum
        return raised &- (aboveMaximum & ~(aboveMaximum &>> 31))
    }
}
