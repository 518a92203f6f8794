/// The output stage of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, 16 output channels at a time: per channel
/// `c`, TFLM's `MultiplyByQuantizedMultiplier(accumulator, multiplier[c], shift[c])` plus the output zero point,
/// clamped to the activation range — bit for bit `ActivationRange.requantize` on each lane.
///
/// The kernels accumulate channels in blocks of 16 lanes, in `ByteLanes` order (so the int8 results are stored with a
/// few vector instructions); the multipliers and shifts are laid out in the same blocks and order at load, padded
/// with zero multipliers. The lane form is exact for what `QuantizeMultiplier` makes from the positive scales of a
/// real multiplier below 1/2, as convolutions' are: a right shift of 1...31, so that the results stay within
/// 2^30 + 129 of 0 for `ActivationRange.clampNear`. A stage with any other (a multiplier of `Int32.min` from a
/// hostile negative scale, a real multiplier of 1/2 or more) goes through the scalar form, lane by lane.
struct OutputStage: Sendable {
    typealias Lanes = FixedPoint.Lanes

    static let lanes = 16

    private let multipliers: [Lanes]
    private let rightShifts: [Lanes]
    private let shifts: [Lanes]
    private let zeroPoint: Int32
    private let activation: ActivationRange
    /// Whether `store` takes the lane form.
    let isExactInLanes: Bool

    init(_ channels: ChannelMultipliers, zeroPoint: Int32, activation: ActivationRange) {
        multipliers = ByteLanes.blocks(count: channels.count) { channels.multipliers[$0] }
        shifts = ByteLanes.blocks(count: channels.count) { channels.shifts[$0] }
        rightShifts = ByteLanes.blocks(count: channels.count) { max(0 &- channels.shifts[$0], 0) }
        self.zeroPoint = zeroPoint
        self.activation = activation
        isExactInLanes = zip(channels.multipliers, channels.shifts).allSatisfy { multiplier, shift in
            multiplier == 0 || (multiplier != Int32.min && shift >= -31 && shift <= -1)
        }
    }

    /// Requantizes channels `16 block ..< 16 block + count` (their accumulators in `ByteLanes` order) into
    /// `destination[0..<count]`, `count` in 1...16.
    @inline(__always)
    func store(_ accumulators: Lanes, block: Int, into destination: UnsafeMutablePointer<Int8>, count: Int) {
        let values = requantized(accumulators, block: block)
        if count == Self.lanes {
            ByteLanes.store(values, into: destination)
        } else {
            withUnsafeBytes(of: ByteLanes.bytes(values)) { bytes in
                for index in 0..<count { destination[index] = Int8(bitPattern: bytes[index]) }
            }
        }
    }

    /// The outputs of channels `16 block ..< 16 block + 16` for their accumulators, each in the activation range, in
    /// `ByteLanes` order.
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
        return activation.clampNear(
            FixedPoint.multiplyByQuantizedMultiplier(
                accumulators, multipliers[block], leftShift: .zero, rightShift: rightShifts[block])
                &+ Lanes(repeating: zeroPoint))
    }
}
