/// The output stage of CONV_2D and FULLY_CONNECTED over one pixel's channels: per channel
/// `MultiplyByQuantizedMultiplier(sum, multiplier[c], shift[c]) + zeroPoint`, clamped to the activation range.
struct Requantizer {
    let multipliers: UnsafePointer<Int32>
    let shifts: UnsafePointer<Int32>
    let count: Int
    let zeroPoint: Int32
    let activation: ActivationRange

    @inline(__always)
    func callAsFunction(_ sums: UnsafePointer<Int32>, into output: UnsafeMutablePointer<Int8>) {
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
