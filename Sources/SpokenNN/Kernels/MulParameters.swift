/// Everything an int8 MUL needs at evaluation: TFLM's `OpDataMul` (mul_common.cc): the zero points, the clamp and
/// `QuantizeMultiplier(s1 * s2 / so)`.
public struct MulParameters: Equatable, Sendable {
    public var input1ZeroPoint: Int32
    public var input2ZeroPoint: Int32
    public var outputZeroPoint: Int32
    public var outputMultiplier: QuantizedMultiplier
    public var activation: ActivationRange

    public init(
        input1ZeroPoint: Int32, input2ZeroPoint: Int32, outputZeroPoint: Int32,
        outputMultiplier: QuantizedMultiplier, activation: ActivationRange
    ) {
        self.input1ZeroPoint = input1ZeroPoint
        self.input2ZeroPoint = input2ZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.outputMultiplier = outputMultiplier
        self.activation = activation
    }

    public init(
        input1Scale: Float, input1ZeroPoint: Int32, input2Scale: Float, input2ZeroPoint: Int32, outputScale: Float,
        outputZeroPoint: Int32, activation: FusedActivation
    ) throws(ModelError) {
        guard let range = ActivationRange(activation, scale: outputScale, zeroPoint: outputZeroPoint) else {
            throw ModelError(.unsupportedOp, "fused activation \(activation) on an int8 MUL")
        }
        let real = Double(input1Scale) * Double(input2Scale) / Double(outputScale)
        self.init(
            input1ZeroPoint: input1ZeroPoint, input2ZeroPoint: input2ZeroPoint, outputZeroPoint: outputZeroPoint,
            outputMultiplier: QuantizedMultiplier(real), activation: range)
    }
}
