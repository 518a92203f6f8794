/// ADD on int8 with broadcasting, bit-exact with TFLM's `reference_integer_ops::AddFunc` (applied elementwise or
/// through `BroadcastAdd6DSlow`).
///
/// `AddFunc` rescales each input on its own (offset, shift left by 20,
/// `MultiplyByQuantizedMultiplierSmallerThanOneExp`) before adding. Runs of 16 or more elements do all of it on 16
/// int32 lanes (`AddFunction`); elsewhere, as each rescaling depends on one int8 value only, both are tabulated at
/// load (`AddParameters.inputTables`) and the per-element work is one lookup per input, an int32 addition and the
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

    /// Runs of 16 or more elements are computed 16 at a time with `FixedPoint`'s lane functions when the parameters
    /// are in their domain (`fitsLanes`); otherwise, and for the ends of runs, per element from the tables.
    /// `scratch` of `shape.tableBytes(...)` bytes lets a small broadcast operand of short runs be tabulated.
    public static func run(
        _ p: AddParameters, shape: BroadcastShape, input1: UnsafeBufferPointer<Int8>,
        input2: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer? = nil
    ) {
        precondition(output.count >= shape.outputCount, "ADD output size")
        p.inputTables.withUnsafeBufferPointer { tables in
            let f = AddFunction(parameters: p, tables: tables.baseAddress!)
            if shape.hasLaneRuns, fitsLanes(p) {
                shape.apply(input1, input2, into: output.baseAddress!, f)
            } else {
                shape.apply(input1, input2, into: output.baseAddress!, scratch: scratch) { f($0, $1) }
            }
        }
    }

    /// Whether `FixedPoint`'s lane functions compute `scaled` and `output` exactly: no multiplier is `Int32.min`, the
    /// input shift is in 0...31 and every `multiplyByQuantizedMultiplierSmallerThanOneExp` exponent in -31...0, where
    /// it is `multiplyByQuantizedMultiplier` with right shift `-exponent`. `AddParameters(input1Scale:...)` always
    /// makes such parameters.
    static func fitsLanes(_ p: AddParameters) -> Bool {
        func fits(_ m: QuantizedMultiplier) -> Bool { m.multiplier != Int32.min && (-31...0).contains(m.shift) }
        return (0...31).contains(p.leftShift) && fits(p.input1Multiplier) && fits(p.input2Multiplier)
            && fits(p.outputMultiplier)
    }
}
