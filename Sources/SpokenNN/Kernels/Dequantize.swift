/// DEQUANTIZE int8 → float32, as TFLM's `reference_ops::Dequantize`: `Float(Double(scale) * (q - zeroPoint))`, the
/// product in double.
public enum Dequantize {
    public static func run(
        scale: Float, zeroPoint: Int32, input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(output.count >= input.count, "DEQUANTIZE output size")
        let s = Double(scale)
        for i in 0..<input.count {
            output[i] = Float(s * Double(Int32(input[i]) - zeroPoint))
        }
    }
}
