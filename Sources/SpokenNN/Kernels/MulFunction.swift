/// TFLM's int8 MUL of one pair under one `MulParameters`, per element and on lanes with `FixedPoint`'s lane
/// functions, exact where `Mul.fitsLanes` holds.
struct MulFunction: ElementwiseFunction {
    let parameters: MulParameters

    @inline(__always)
    func callAsFunction(_ x: Int8, _ y: Int8) -> Int8 {
        let p = parameters
        let product = (Int32(x) &- p.input1ZeroPoint) &* (Int32(y) &- p.input2ZeroPoint)
        let value =
            FixedPoint.multiplyByQuantizedMultiplier(product, p.outputMultiplier.multiplier, p.outputMultiplier.shift)
            &+ p.outputZeroPoint
        return Int8(truncatingIfNeeded: min(max(value, p.activation.min), p.activation.max))
    }

    /// `x - zp1`.
    @inline(__always)
    func prepareFirst(_ x: FixedPoint.Lanes) -> FixedPoint.Lanes {
        x &- FixedPoint.Lanes(repeating: parameters.input1ZeroPoint)
    }

    /// `y - zp2`.
    @inline(__always)
    func prepareSecond(_ y: FixedPoint.Lanes) -> FixedPoint.Lanes {
        y &- FixedPoint.Lanes(repeating: parameters.input2ZeroPoint)
    }

    /// The product requantized, offset and clamped.
    @inline(__always)
    func combine(_ x: FixedPoint.Lanes, _ y: FixedPoint.Lanes) -> FixedPoint.Lanes {
        typealias Lanes = FixedPoint.Lanes
        let shift = parameters.outputMultiplier.shift
        let value = FixedPoint.multiplyByQuantizedMultiplier(
            x &* y, Lanes(repeating: parameters.outputMultiplier.multiplier),
            leftShift: Lanes(repeating: max(shift, 0)),
            rightShift: Lanes(repeating: max(-shift, 0)))
        return parameters.activation.clamp(value &+ Lanes(repeating: parameters.outputZeroPoint), afterShift: shift)
    }
}
