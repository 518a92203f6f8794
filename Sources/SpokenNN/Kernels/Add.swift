/// ADD on int8 with broadcasting, bit-exact with TFLM's `reference_integer_ops::AddFunc` (applied elementwise or
/// through `BroadcastAdd6DSlow`).
///
/// `AddFunc` rescales each input on its own (offset, shift left by 20, `MultiplyByQuantizedMultiplierSmallerThanOneExp`)
/// before adding; each of those depends on one int8 value only, so both are tabulated at load
/// (`AddParameters.inputTables`) and the per-element work is one lookup per input, an int32 addition and the
/// output rescaling.
public enum Add {
    /// TFLM's rescaling of one input value.
    @inline(__always)
    static func scaled(_ x: Int8, zeroPoint: Int32, leftShift: Int32, _ m: QuantizedMultiplier) -> Int32 {
        FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
            (Int32(x) &- zeroPoint) &* (1 &<< leftShift), m.multiplier, m.shift)
    }

    /// `AddFunc(x, y)` for one pair of values.
    static func add(_ x: Int8, _ y: Int8, _ p: AddParameters) -> Int8 {
        output(
            scaled(x, zeroPoint: p.input1ZeroPoint, leftShift: p.leftShift, p.input1Multiplier)
                &+ scaled(y, zeroPoint: p.input2ZeroPoint, leftShift: p.leftShift, p.input2Multiplier), p)
    }

    @inline(__always)
    static func output(_ sum: Int32, _ p: AddParameters) -> Int8 {
        let value =
            FixedPoint.multiplyByQuantizedMultiplierSmallerThanOneExp(
                sum, p.outputMultiplier.multiplier, p.outputMultiplier.shift) &+ p.outputZeroPoint
        return Int8(truncatingIfNeeded: min(max(value, p.activation.min), p.activation.max))
    }

    /// `scratch` of `shape.tableBytes(...)` bytes lets a small broadcast operand be tabulated.
    public static func run(
        _ p: AddParameters, shape: BroadcastShape, input1: UnsafeBufferPointer<Int8>,
        input2: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer? = nil
    ) {
        precondition(output.count >= shape.outputCount, "ADD output size")
        p.inputTables.withUnsafeBufferPointer { tables in
            let table1 = tables.baseAddress!
            let table2 = table1 + 256
            shape.apply(input1, input2, into: output.baseAddress!, scratch: scratch) { x, y in
                Self.output(table1[Int(UInt8(bitPattern: x))] &+ table2[Int(UInt8(bitPattern: y))], p)
            }
        }
    }
}
