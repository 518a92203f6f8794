/// MUL on int8 with broadcasting, bit-exact with TFLM's `reference_integer_ops::MulElementwise` /
/// `BroadcastMul4DSlow`: `MultiplyByQuantizedMultiplier((x - zp1) * (y - zp2)) + zpOut`, clamped.
///
/// TFLM broadcasts MUL over at most 4 dimensions; this kernel accepts up to 6, and `ElementwiseOperation` rejects a
/// 5-D or 6-D broadcast MUL at load. `scratch` of `shape.tableBytes(...)` bytes lets a small broadcast operand of
/// short runs be tabulated.
public enum Mul {
    /// Runs of 16 or more elements are computed 16 at a time with `FixedPoint`'s lane functions when the parameters
    /// are in their domain (`fitsLanes`); otherwise, and for the ends of runs, per element.
    public static func run(
        _ p: MulParameters, shape: BroadcastShape, input1: UnsafeBufferPointer<Int8>,
        input2: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer? = nil
    ) {
        precondition(output.count >= shape.outputCount, "MUL output size")
        let f = MulFunction(parameters: p)
        if shape.hasLaneRuns, fitsLanes(p) {
            shape.apply(input1, input2, into: output.baseAddress!, f)
        } else {
            shape.apply(input1, input2, into: output.baseAddress!, scratch: scratch) { f($0, $1) }
        }
    }

    /// Whether `FixedPoint.multiplyByQuantizedMultiplier` on lanes equals the scalar one here: the multiplier is not
    /// `Int32.min` and the shift is in -31...31. `MulParameters(input1Scale:...)` makes such parameters for every
    /// scale ratio below 2^31.
    static func fitsLanes(_ p: MulParameters) -> Bool {
        p.outputMultiplier.multiplier != Int32.min && (-31...31).contains(p.outputMultiplier.shift)
    }
}
