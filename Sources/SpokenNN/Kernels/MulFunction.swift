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

    @inline(__always)
    func callAsFunction(_ x: FixedPoint.Lanes, _ y: FixedPoint.Lanes) -> FixedPoint.Lanes {
        typealias Lanes = FixedPoint.Lanes
        let p = parameters
        let shift = p.outputMultiplier.shift
        let product = (x &- Lanes(repeating: p.input1ZeroPoint)) &* (y &- Lanes(repeating: p.input2ZeroPoint))
        let value = FixedPoint.multiplyByQuantizedMultiplier(
            product, Lanes(repeating: p.outputMultiplier.multiplier), leftShift: Lanes(repeating: max(shift, 0)),
            rightShift: Lanes(repeating: max(-shift, 0)))
        return p.activation.clamp(value &+ Lanes(repeating: p.outputZeroPoint))
    }
}
