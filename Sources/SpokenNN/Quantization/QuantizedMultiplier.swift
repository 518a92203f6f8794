import Foundation

/// A real multiplier as TFLM stores it: a Q0.31 `multiplier` in [2^30, 2^31) and a power-of-two `shift`, so that
/// `real ≈ multiplier / 2^31 * 2^shift`.
///
/// `init(_:)` is `tflite::QuantizeMultiplier` (quantization_util.cc) exactly: `frexp`, `round` half away from zero of
/// `q * 2^31`, the carry when that rounds up to 2^31, and multipliers below about 2^-31 (`shift < -31`) flushed to
/// zero. Kernels apply it with `FixedPoint.multiplyByQuantizedMultiplier`.
public struct QuantizedMultiplier: Equatable, Hashable, Sendable {
    public var multiplier: Int32
    public var shift: Int32

    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// `tflite::QuantizeMultiplier(double, int32_t*, int*)`.
    public init(_ real: Double) {
        if real == 0 {
            self.init(multiplier: 0, shift: 0)
            return
        }
        let (q, exponent) = frexp(real)
        var shift = Int32(exponent)
        // TfLiteRound is std::round: halves away from zero, as Swift's rounded().
        var fixed = Int64((q * Double(Int64(1) << 31)).rounded())
        precondition(fixed <= Int64(1) << 31, "QuantizeMultiplier: \(real) out of range")
        if fixed == Int64(1) << 31 {
            fixed /= 2
            shift += 1
        }
        if shift < -31 {
            shift = 0
            fixed = 0
        }
        self.init(multiplier: Int32(fixed), shift: shift)
    }

    /// The real value this multiplier stands for.
    public var real: Double { Double(multiplier) / Double(Int64(1) << 31) * pow(2, Double(shift)) }

    /// `FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift)`.
    @inlinable @inline(__always)
    public func apply(_ x: Int32) -> Int32 {
        FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift)
    }
}
