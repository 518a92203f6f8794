/// Options of `FULLY_CONNECTED` (`tflite::FullyConnectedOptions`).
public struct FullyConnectedOptions: Equatable, Sendable {
    public var fusedActivation: FusedActivation
    /// `tflite::FullyConnectedOptionsWeightsFormat`: 0 is the default layout, the only one TFLM runs.
    public var weightsFormat: Int8
    /// Keep the input's leading dimensions in the output instead of flattening them into a batch.
    public var keepNumDims: Bool
    public var asymmetricQuantizeInputs: Bool

    public init(
        fusedActivation: FusedActivation = .none, weightsFormat: Int8 = 0, keepNumDims: Bool = false,
        asymmetricQuantizeInputs: Bool = false
    ) {
        self.fusedActivation = fusedActivation
        self.weightsFormat = weightsFormat
        self.keepNumDims = keepNumDims
        self.asymmetricQuantizeInputs = asymmetricQuantizeInputs
    }
}
