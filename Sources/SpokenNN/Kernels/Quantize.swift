/// QUANTIZE float32 → int8, as TFLM's `reference_ops::AffineQuantize`: `round(x / scale) + zeroPoint` with the
/// division and `round` (half away from zero) in float, clamped to int8.
///
/// Where C++'s float-to-int conversion is undefined (NaN, beyond int32) the value is saturated first: NaN gives
/// the zero point.
public enum Quantize {
    public static func run(
        scale: Float, zeroPoint: Int32, input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(output.count >= input.count, "QUANTIZE output size")
        for i in 0..<input.count {
            let rounded = (input[i] / scale).rounded()
            let clampedFloat = rounded.isNaN ? 0 : min(max(rounded, -2_147_483_648), 2_147_483_520)
            let value = Int32(clampedFloat) &+ zeroPoint
            output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }
}
