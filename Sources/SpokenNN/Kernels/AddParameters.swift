/// Everything an int8 ADD needs at evaluation: TFLM's `OpDataAdd` (add_common.cc `CalculateOpDataAdd`).
///
/// Both inputs are shifted left by 20 bits and rescaled to a common scale of twice the larger input scale, summed,
/// and rescaled to the output: `real1 = s1 / (2 max(s1, s2))`, `real2 = s2 / (2 max(s1, s2))`,
/// `realOut = 2 max(s1, s2) / (2^20 so)`, each through `QuantizeMultiplierSmallerThanOneExp`.
public struct AddParameters: Equatable, Sendable {
    public var input1ZeroPoint: Int32
    public var input2ZeroPoint: Int32
    public var outputZeroPoint: Int32
    public var leftShift: Int32
    public var input1Multiplier: QuantizedMultiplier
    public var input2Multiplier: QuantizedMultiplier
    public var outputMultiplier: QuantizedMultiplier
    public var activation: ActivationRange
    /// TFLM's rescaling of every int8 value of input 1 (256 values indexed by the value's bit pattern), then of
    /// input 2: `MultiplyByQuantizedMultiplierSmallerThanOneExp((x - zeroPoint) << leftShift, ...)`.
    public private(set) var inputTables: [Int32] = []

    public init(
        input1ZeroPoint: Int32, input2ZeroPoint: Int32, outputZeroPoint: Int32, leftShift: Int32,
        input1Multiplier: QuantizedMultiplier, input2Multiplier: QuantizedMultiplier,
        outputMultiplier: QuantizedMultiplier, activation: ActivationRange
    ) {
        self.input1ZeroPoint = input1ZeroPoint
        self.input2ZeroPoint = input2ZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.leftShift = leftShift
        self.input1Multiplier = input1Multiplier
        self.input2Multiplier = input2Multiplier
        self.outputMultiplier = outputMultiplier
        self.activation = activation
        inputTables = (0..<512).map { index in
            let x = Int8(truncatingIfNeeded: index % 256)
            return index < 256
                ? Add.scaled(x, zeroPoint: input1ZeroPoint, leftShift: leftShift, input1Multiplier)
                : Add.scaled(x, zeroPoint: input2ZeroPoint, leftShift: leftShift, input2Multiplier)
        }
    }

    public init(
        input1Scale: Float, input1ZeroPoint: Int32, input2Scale: Float, input2ZeroPoint: Int32, outputScale: Float,
        outputZeroPoint: Int32, activation: FusedActivation
    ) throws(ModelError) {
        guard let range = ActivationRange(activation, scale: outputScale, zeroPoint: outputZeroPoint) else {
            throw ModelError(.unsupportedOp, "fused activation \(activation) on an int8 ADD")
        }
        let leftShift: Int32 = 20
        let twiceMaxInputScale = 2 * Double(max(input1Scale, input2Scale))
        let real1 = Double(input1Scale) / twiceMaxInputScale
        let real2 = Double(input2Scale) / twiceMaxInputScale
        let realOutput = twiceMaxInputScale / (Double(1 << leftShift) * Double(outputScale))
        for real in [real1, real2, realOutput] where !(real > 0 && real < 1) {
            throw ModelError(.malformed, "ADD rescaling factor \(real) is outside (0, 1); TFLM rejects it")
        }
        self.init(
            input1ZeroPoint: input1ZeroPoint, input2ZeroPoint: input2ZeroPoint, outputZeroPoint: outputZeroPoint,
            leftShift: leftShift, input1Multiplier: QuantizedMultiplier(real1),
            input2Multiplier: QuantizedMultiplier(real2), outputMultiplier: QuantizedMultiplier(realOutput),
            activation: range)
    }
}
