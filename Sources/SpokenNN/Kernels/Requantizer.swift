/// The output stage of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED over one pixel's channels: per channel
/// `MultiplyByQuantizedMultiplier(sum, multiplier[c], shift[c]) + zeroPoint`, clamped to the activation range.
struct Requantizer {
    let multipliers: UnsafePointer<Int32>
    let shifts: UnsafePointer<Int32>
    let count: Int
    let zeroPoint: Int32
    let activation: ActivationRange
    /// Whether each block of 8 sums holds the even channels, then the odd ones (`DepthwiseConv2D`'s order).
    var evenOddBlocks = false

    @inline(__always)
    func callAsFunction(_ sums: UnsafePointer<Int32>, into output: UnsafeMutablePointer<Int8>) {
        if evenOddBlocks {
            for c in 0..<count {
                let lane = c & 7
                let index = (c & ~7) + (lane & 1) * 4 + lane >> 1
                output[c] = activation.requantize(
                    sums[index], multiplier: multipliers[c], shift: shifts[c], zeroPoint: zeroPoint)
            }
            return
        }
        for c in 0..<count {
            output[c] = activation.requantize(
                sums[c], multiplier: multipliers[c], shift: shifts[c], zeroPoint: zeroPoint)
        }
    }

    @inline(__always)
    func callAsFunction(_ sums: UnsafeMutablePointer<Int32>, into output: UnsafeMutablePointer<Int8>) {
        self(UnsafePointer(sums), into: output)
    }
}
