/// TFLM's `AddFunc` under one `AddParameters`: per element from the parameters' input tables, on lanes with
/// `FixedPoint`'s lane functions, exact where `Add.fitsLanes` holds.
struct AddFunction: ElementwiseFunction {
    let parameters: AddParameters
    /// `parameters.inputTables`, valid while the caller holds it.
    let tables: UnsafePointer<Int32>

    @inline(__always)
    func callAsFunction(_ x: Int8, _ y: Int8) -> Int8 {
        Add.output(tables[Int(UInt8(bitPattern: x))] &+ tables[256 &+ Int(UInt8(bitPattern: y))], parameters)
    }

    /// `Add.scaled` of input 1.
    @inline(__always)
    func prepareFirst(_ x: FixedPoint.Lanes) -> FixedPoint.Lanes {
        Self.scaled(
            x, zeroPoint: parameters.input1ZeroPoint, leftShift: parameters.leftShift, parameters.input1Multiplier)
    }

    /// `Add.scaled` of input 2.
    @inline(__always)
    func prepareSecond(_ y: FixedPoint.Lanes) -> FixedPoint.Lanes {
        Self.scaled(
            y, zeroPoint: parameters.input2ZeroPoint, leftShift: parameters.leftShift, parameters.input2Multiplier)
    }

    /// `Add.output` of the sum.
    @inline(__always)
    func combine(_ x: FixedPoint.Lanes, _ y: FixedPoint.Lanes) -> FixedPoint.Lanes {
        let value = Self.multiply(x &+ y, leftShift: 0, parameters.outputMultiplier)
        return parameters.activation.clamp(
            value &+ FixedPoint.Lanes(repeating: parameters.outputZeroPoint),
            afterShift: parameters.outputMultiplier.shift)
    }

    /// `Add.scaled` on lanes.
    @inline(__always)
    private static func scaled(
        _ x: FixedPoint.Lanes, zeroPoint: Int32, leftShift: Int32, _ m: QuantizedMultiplier
    ) -> FixedPoint.Lanes {
        multiply(x &- FixedPoint.Lanes(repeating: zeroPoint), leftShift: leftShift, m)
    }

    /// `multiplyByQuantizedMultiplierSmallerThanOneExp(x << leftShift, m.multiplier, m.shift)` on lanes.
    @inline(__always)
    private static func multiply(
        _ x: FixedPoint.Lanes, leftShift: Int32, _ m: QuantizedMultiplier
    ) -> FixedPoint.Lanes {
        FixedPoint.multiplyByQuantizedMultiplier(
            x, FixedPoint.Lanes(repeating: m.multiplier), leftShift: FixedPoint.Lanes(repeating: leftShift),
            rightShift: FixedPoint.Lanes(repeating: -m.shift))
    }
}
