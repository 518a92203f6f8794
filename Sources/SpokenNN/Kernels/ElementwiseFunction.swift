/// An int8 function of two operands as `BroadcastShape.apply(_:_:into:_:)` maps it over a broadcast: on one pair of
/// elements, and on 16 pairs at once in two stages.
///
/// The lane form is split so that the work on an operand that repeats along the broadcast (a per-channel constant)
/// is done once: for int8 `x` and `y` sign-extended to int32, `combine(prepareFirst(x), prepareSecond(y))` is lane by
/// lane `f(x, y)`, so in int8 range.
protocol ElementwiseFunction {
    /// `f(x, y)`.
    func callAsFunction(_ x: Int8, _ y: Int8) -> Int8

    /// The lane form's work on the first operand alone.
    func prepareFirst(_ x: FixedPoint.Lanes) -> FixedPoint.Lanes

    /// The lane form's work on the second operand alone.
    func prepareSecond(_ y: FixedPoint.Lanes) -> FixedPoint.Lanes

    /// The rest of the lane form, on prepared operands.
    func combine(_ x: FixedPoint.Lanes, _ y: FixedPoint.Lanes) -> FixedPoint.Lanes
}
