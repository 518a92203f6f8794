/// Per-output-channel requantization of a convolution or fully connected layer, as two parallel arrays the kernels
/// index by channel.
///
/// TFLM's `PopulateConvolutionQuantizationParams` (kernel_util.cc): for each channel `c`,
/// `QuantizeMultiplier(double(inputScale) * double(filterScale[c]) / double(outputScale))`. A filter with a single
/// scale (per-tensor) gives `channels` copies of the same multiplier.
public struct ChannelMultipliers: Equatable, Sendable {
    public var multipliers: [Int32]
    public var shifts: [Int32]

    public init(multipliers: [Int32], shifts: [Int32]) {
        precondition(multipliers.count == shifts.count)
        self.multipliers = multipliers
        self.shifts = shifts
    }

    public init(inputScale: Float, filterScales: [Float], outputScale: Float, channels: Int) {
        precondition(filterScales.count == channels || filterScales.count == 1, "filter scales per channel")
        var multipliers = [Int32]()
        var shifts = [Int32]()
        multipliers.reserveCapacity(channels)
        shifts.reserveCapacity(channels)
        for channel in 0..<channels {
            let filterScale = filterScales.count == 1 ? filterScales[0] : filterScales[channel]
            let real = Double(inputScale) * Double(filterScale) / Double(outputScale)
            let quantized = QuantizedMultiplier(real)
            multipliers.append(quantized.multiplier)
            shifts.append(quantized.shift)
        }
        self.init(multipliers: multipliers, shifts: shifts)
    }

    public var count: Int { multipliers.count }

    public subscript(channel: Int) -> QuantizedMultiplier {
        QuantizedMultiplier(multiplier: multipliers[channel], shift: shifts[channel])
    }
}
