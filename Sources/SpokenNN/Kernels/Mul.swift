/// MUL on int8 with broadcasting, bit-exact with TFLM's `reference_integer_ops::MulElementwise` /
/// `BroadcastMul4DSlow`: `MultiplyByQuantizedMultiplier((x - zp1) * (y - zp2)) + zpOut`, clamped.
///
/// TFLM broadcasts MUL over at most 4 dimensions; this kernel accepts up to 6, so rejecting a 5-D broadcast MUL is
/// the loader's decision.
public enum Mul {
    public static func run(
        _ p: MulParameters, shape: BroadcastShape, input1: UnsafeBufferPointer<Int8>,
        input2: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(output.count >= shape.outputCount, "MUL output size")
        let a = input1.baseAddress!
        let b = input2.baseAddress!
        let out = output.baseAddress!
        let multiplier = p.outputMultiplier.multiplier
        let shift = p.outputMultiplier.shift
        shape.forEachRow { o1, o2, o, count, step1, step2 in
            for i in 0..<count {
                let product =
                    (Int32(a[o1 + i * step1]) &- p.input1ZeroPoint) &* (Int32(b[o2 + i * step2]) &- p.input2ZeroPoint)
                let value = FixedPoint.multiplyByQuantizedMultiplier(product, multiplier, shift) &+ p.outputZeroPoint
                out[o + i] = Int8(truncatingIfNeeded: min(max(value, p.activation.min), p.activation.max))
            }
        }
    }
}
