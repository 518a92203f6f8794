import Foundation

@testable import SpokenNN

/// TFLM's int8 reference arithmetic written out again here, literally and in wide integers, from
/// `quantization_util.cc`, `common.h` and `kernel_util.cc`: an oracle for the kernels that shares none of their
/// code (`FixedPoint`, `QuantizedMultiplier`, `ActivationRange` and the parameter types are the code under test).
enum LiteralTFLM {
    /// `QuantizeMultiplier`: `frexp`, `round(q * 2^31)` with the carry into the exponent, flush below 2^-31.
    static func quantizeMultiplier(_ real: Double) -> (multiplier: Int64, shift: Int) {
        guard real != 0 else { return (0, 0) }
        var exponent: Int32 = 0
        let fraction = frexp(real, &exponent)
        var fixed = Int64((fraction * 2_147_483_648).rounded(.toNearestOrAwayFromZero))
        if fixed == 2_147_483_648 {
            fixed /= 2
            exponent += 1
        }
        return exponent < -31 ? (0, 0) : (fixed, Int(exponent))
    }

    /// gemmlowp's `SaturatingRoundingDoublingHighMul`.
    static func doublingHighMul(_ a: Int64, _ b: Int64) -> Int64 {
        if a == Int64(Int32.min) && b == Int64(Int32.min) { return Int64(Int32.max) }
        let product = a * b
        let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
        return (product + nudge) / (1 << 31)  // C++ division: truncates toward zero, as Swift's
    }

    /// gemmlowp's `RoundingDivideByPOT`: round half away from zero.
    static func divideByPOT(_ x: Int64, _ exponent: Int) -> Int64 {
        let mask: Int64 = (1 << exponent) - 1
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }

    /// `MultiplyByQuantizedMultiplier` (int32 inputs; the left shift wraps as the device's int32 would).
    static func multiply(_ x: Int64, _ m: (multiplier: Int64, shift: Int)) -> Int64 {
        let shifted = Int64(Int32(truncatingIfNeeded: x << max(m.shift, 0)))
        return divideByPOT(doublingHighMul(shifted, m.multiplier), max(-m.shift, 0))
    }

    /// `CalculateActivationRangeQuantized` for an int8 output.
    static func range(_ activation: FusedActivation, scale: Float, zeroPoint: Int32) -> ClosedRange<Int64> {
        func quantize(_ value: Float) -> Int64 { Int64(zeroPoint) + Int64((value / scale).rounded()) }
        switch activation {
        case .relu: return max(-128, quantize(0))...127
        case .relu6: return max(-128, quantize(0))...min(127, quantize(6))
        case .reluN1To1: return max(-128, quantize(-1))...min(127, quantize(1))
        default: return -128...127
        }
    }

    /// One operand's scale and zero point.
    struct Quantized {
        var scale: Float
        var zeroPoint: Int32
    }

    /// `reference_integer_ops::AddElementwise` with the multipliers of `add.cc` / `add_common.cc`.
    static func add(
        _ x: Int8, _ y: Int8, _ a: Quantized, _ b: Quantized, _ out: Quantized, _ activation: FusedActivation
    ) -> Int8 {
        let leftShift = 20
        let twiceMax = 2 * Double(max(a.scale, b.scale))
        let m1 = quantizeMultiplier(Double(a.scale) / twiceMax)
        let m2 = quantizeMultiplier(Double(b.scale) / twiceMax)
        let mOut = quantizeMultiplier(twiceMax / (Double(1 << leftShift) * Double(out.scale)))
        let scaled1 = multiply((Int64(x) - Int64(a.zeroPoint)) << leftShift, m1)
        let scaled2 = multiply((Int64(y) - Int64(b.zeroPoint)) << leftShift, m2)
        let sum = multiply(scaled1 + scaled2, mOut) + Int64(out.zeroPoint)
        let bounds = range(activation, scale: out.scale, zeroPoint: out.zeroPoint)
        return Int8(min(max(sum, bounds.lowerBound), bounds.upperBound))
    }

    /// `reference_integer_ops::MulElementwise` with the multiplier of `mul_common.cc`.
    static func mul(
        _ x: Int8, _ y: Int8, _ a: Quantized, _ b: Quantized, _ out: Quantized, _ activation: FusedActivation
    ) -> Int8 {
        let m = quantizeMultiplier(Double(a.scale) * Double(b.scale) / Double(out.scale))
        let product = (Int64(x) - Int64(a.zeroPoint)) * (Int64(y) - Int64(b.zeroPoint))
        let value = multiply(product, m) + Int64(out.zeroPoint)
        let bounds = range(activation, scale: out.scale, zeroPoint: out.zeroPoint)
        return Int8(min(max(value, bounds.lowerBound), bounds.upperBound))
    }

    /// `reference_integer_ops::MaxPool` over an NHWC input, output size and padding from `ComputeOutSize` and
    /// `ComputePaddingHeightWidth`.
    static func maxPool(
        _ input: [Int8], shape: [Int], filter: (height: Int, width: Int), stride: (height: Int, width: Int),
        same: Bool, range: ClosedRange<Int64>
    ) -> [Int8] {
        let (batches, height, width, depth) = (shape[0], shape[1], shape[2], shape[3])
        func outSize(_ size: Int, _ filter: Int, _ stride: Int) -> Int {
            same ? (size + stride - 1) / stride : (size - filter + stride) / stride
        }
        let outHeight = outSize(height, filter.height, stride.height)
        let outWidth = outSize(width, filter.width, stride.width)
        let padTop = max(0, ((outHeight - 1) * stride.height + filter.height - height) / 2)
        let padLeft = max(0, ((outWidth - 1) * stride.width + filter.width - width) / 2)
        var output: [Int8] = []
        for b in 0..<batches {
            for outY in 0..<outHeight {
                for outX in 0..<outWidth {
                    for c in 0..<depth {
                        let originY = outY * stride.height - padTop
                        let originX = outX * stride.width - padLeft
                        var largest: Int64 = -128
                        for fy in max(0, -originY)..<min(filter.height, height - originY) {
                            for fx in max(0, -originX)..<min(filter.width, width - originX) {
                                let index = ((b * height + originY + fy) * width + originX + fx) * depth + c
                                largest = max(largest, Int64(input[index]))
                            }
                        }
                        output.append(Int8(min(max(largest, range.lowerBound), range.upperBound)))
                    }
                }
            }
        }
        return output
    }
}
