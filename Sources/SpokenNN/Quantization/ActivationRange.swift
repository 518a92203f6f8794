/// The clamp a fused activation becomes on int8 outputs: `output = min(max(acc, min), max)`.
///
/// `tflite::CalculateActivationRangeQuantized` (kernel_util.cc) for an int8 output: RELU clamps at the quantized
/// 0.0, RELU6 at 0.0 and 6.0, RELU_N1_TO_1 at -1.0 and 1.0, each `zeroPoint + round(value / scale)` computed in
/// float as TFLM does, and never wider than [-128, 127].
public struct ActivationRange: Equatable, Sendable {
    public var min: Int32
    public var max: Int32

    public init(min: Int32 = -128, max: Int32 = 127) {
        self.min = min
        self.max = max
    }

    /// The full int8 range: no activation.
    public static let int8 = ActivationRange()

    /// The range for `activation` on an output quantized with `scale` and `zeroPoint`. `nil` for activations that
    /// are not a clamp (TANH, SIGN_BIT), which TFLM does not fuse into int8 kernels either.
    public init?(_ activation: FusedActivation, scale: Float, zeroPoint: Int32) {
        func quantize(_ value: Float) -> Int32 {
            // zero_point + static_cast<int32_t>(TfLiteRound(f / scale)) with float operands. A quotient beyond int32
            // (a hostile model's tiny scale; undefined in C++) saturates: any value that large clamps to the same
            // int8 bound.
            let quotient = (value / scale).rounded()
            let steps: Int64 = quotient >= 0x1p31 ? 1 << 31 : quotient < -0x1p31 ? -(1 << 31) - 1 : Int64(quotient)
            return Int32(clamping: Int64(zeroPoint) + steps)
        }
        switch activation {
        case .none: self.init()
        case .relu: self.init(min: Swift.max(-128, quantize(0)), max: 127)
        case .relu6: self.init(min: Swift.max(-128, quantize(0)), max: Swift.min(127, quantize(6)))
        case .reluN1To1: self.init(min: Swift.max(-128, quantize(-1)), max: Swift.min(127, quantize(1)))
        case .tanh, .signBit: return nil
        }
    }

    /// TFLM's output stage of a convolution or dense layer: `MultiplyByQuantizedMultiplier`, plus the output zero
    /// point, clamped to this range.
    @inline(__always)
    func requantize(_ accumulator: Int32, multiplier: Int32, shift: Int32, zeroPoint: Int32) -> Int8 {
        let scaled = FixedPoint.multiplyByQuantizedMultiplier(accumulator, multiplier, shift) &+ zeroPoint
        return Int8(truncatingIfNeeded: Swift.min(Swift.max(scaled, min), max))
    }
}
