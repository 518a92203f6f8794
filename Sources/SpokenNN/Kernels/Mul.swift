/// MUL on int8 with broadcasting, bit-exact with TFLM's `reference_integer_ops::MulElementwise` /
/// `BroadcastMul4DSlow`: `MultiplyByQuantizedMultiplier((x - zp1) * (y - zp2)) + zpOut`, clamped.
///
/// TFLM broadcasts MUL over at most 4 dimensions; this kernel accepts up to 6, and `ElementwiseOperation` rejects a
/// 5-D or 6-D broadcast MUL at load. `scratch` of `shape.tableBytes(...)` bytes lets a small broadcast operand be tabulated.
public enum Mul {
    public static func run(
        _ p: MulParameters, shape: BroadcastShape, input1: UnsafeBufferPointer<Int8>,
        input2: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer? = nil
    ) {
        precondition(output.count >= shape.outputCount, "MUL output size")
        let multiplier = p.outputMultiplier.multiplier
        let shift = p.outputMultiplier.shift
        shape.apply(input1, input2, into: output.baseAddress!, scratch: scratch) { x, y in
            let product = (Int32(x) &- p.input1ZeroPoint) &* (Int32(y) &- p.input2ZeroPoint)
            let value = FixedPoint.multiplyByQuantizedMultiplier(product, multiplier, shift) &+ p.outputZeroPoint
            return Int8(truncatingIfNeeded: min(max(value, p.activation.min), p.activation.max))
        }
    }
}
