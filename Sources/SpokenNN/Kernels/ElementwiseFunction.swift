/// An int8 function of two operands as `BroadcastShape.apply(_:_:into:_:)` maps it over a broadcast: on one pair of
/// elements, and on 16 pairs at once.
protocol ElementwiseFunction {
    /// `f(x, y)`.
    func callAsFunction(_ x: Int8, _ y: Int8) -> Int8

    /// `f` of 16 pairs sign-extended to int32: lane by lane the scalar function's value, so in int8 range.
    func callAsFunction(_ x: FixedPoint.Lanes, _ y: FixedPoint.Lanes) -> FixedPoint.Lanes
}
