/// ADD on int8 with broadcasting, bit-exact with TFLM's `reference_integer_ops::AddFunc` (applied elementwise or
/// through `BroadcastAdd6DSlow`).
public enum Add {
    @inline(__always)
    static func add(_ x: Int8, _ y: Int8, _ p: AddParameters) -> Int8 {
        let shifted1 = (Int32(x) &- p.input1ZeroPoint) &* (1 << p.leftShift)
        let shifted2 = (Int32(y) &- p.input2ZeroPoint) &* (1 << p.leftShift)
        let scaled1 = FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted1, p.input1Multiplier.multiplier, p.input1Multiplier.shift)
        let scaled2 = FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted2, p.input2Multiplier.multiplier, p.input2Multiplier.shift)
        let output =
            FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
                scaled1 &+ scaled2, p.outputMultiplier.multiplier, p.outputMultiplier.shift) &+ p.outputZeroPoint
        return Int8(truncatingIfNeeded: min(max(output, p.activation.min), p.activation.max))
    }

    public static func run(
        _ p: AddParameters, shape: BroadcastShape, input1: UnsafeBufferPointer<Int8>,
        input2: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(output.count >= shape.outputCount, "ADD output size")
        let a = input1.baseAddress!
        let b = input2.baseAddress!
        let out = output.baseAddress!
        shape.forEachRow { o1, o2, o, count, step1, step2 in
            for i in 0..<count {
                out[o + i] = add(a[o1 + i * step1], b[o2 + i * step2], p)
            }
        }
    }
}
