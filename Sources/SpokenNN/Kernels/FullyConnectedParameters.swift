/// Everything a FULLY_CONNECTED needs at evaluation, computed once at load: TFLM's `FullyConnectedParams` and the
/// per-channel (or repeated per-tensor) output multipliers.
public struct FullyConnectedParameters: Equatable, Sendable {
    /// Rows of input: all input elements divided by `accumulationDepth` (TFLM flattens leading dimensions).
    public var batches: Int
    /// Input values per row, the filter's last dimension.
    public var accumulationDepth: Int
    public var outputDepth: Int
    public var inputZeroPoint: Int32
    /// The filter zero point (TFLM's `weights_offset` is its negation); 0 for symmetric int8 weights.
    public var filterZeroPoint: Int32
    public var outputZeroPoint: Int32
    public var activation: ActivationRange
    public var multipliers: ChannelMultipliers

    public init(
        batches: Int, accumulationDepth: Int, outputDepth: Int, inputZeroPoint: Int32, filterZeroPoint: Int32,
        outputZeroPoint: Int32, activation: ActivationRange, multipliers: ChannelMultipliers
    ) {
        self.batches = batches
        self.accumulationDepth = accumulationDepth
        self.outputDepth = outputDepth
        self.inputZeroPoint = inputZeroPoint
        self.filterZeroPoint = filterZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.activation = activation
        self.multipliers = multipliers
    }

    /// Parameters from the tensors: `inputCount` elements of input, filter `[outputDepth, accumulationDepth]` with
    /// one scale (per-tensor) or one per output channel.
    public init(
        inputCount: Int, accumulationDepth: Int, outputDepth: Int, activation: FusedActivation, inputScale: Float,
        inputZeroPoint: Int32, filterScales: [Float], filterZeroPoint: Int32 = 0, outputScale: Float,
        outputZeroPoint: Int32
    ) throws(ModelError) {
        guard accumulationDepth > 0, inputCount % accumulationDepth == 0 else {
            throw ModelError(
                .malformed, "FULLY_CONNECTED input of \(inputCount) values is not rows of \(accumulationDepth)")
        }
        guard let range = ActivationRange(activation, scale: outputScale, zeroPoint: outputZeroPoint) else {
            throw ModelError(.unsupportedOp, "fused activation \(activation) on an int8 FULLY_CONNECTED")
        }
        guard filterScales.count == 1 || filterScales.count == outputDepth else {
            throw ModelError(.malformed, "\(filterScales.count) filter scales for \(outputDepth) output channels")
        }
        self.init(
            batches: inputCount / accumulationDepth, accumulationDepth: accumulationDepth, outputDepth: outputDepth,
            inputZeroPoint: inputZeroPoint, filterZeroPoint: filterZeroPoint, outputZeroPoint: outputZeroPoint,
            activation: range,
            multipliers: ChannelMultipliers(
                inputScale: inputScale, filterScales: filterScales, outputScale: outputScale, channels: outputDepth))
    }
}
