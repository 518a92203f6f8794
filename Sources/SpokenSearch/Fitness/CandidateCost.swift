/// What a candidate costs on the chip, from spokend's cost model with the front end included: the figures the
/// fitness and the hard constraints read, and the Pareto plot shows.
public struct CandidateCost: Codable, Sendable, Equatable {
    /// Weights and biases of the int8 network.
    public var parameters: Int
    /// Bytes of the `.tflite` file.
    public var modelBytes: Int
    /// Flash the chip needs: the model and the interpreter's code for its ops.
    public var flashBytes: Int
    /// TFLM arena in use (planned buffers and bookkeeping at Cortex-M sizes).
    public var arenaBytes: Int
    /// Cycles of one inference.
    public var inferenceCycles: Int
    /// After the end of speech: the last frame's front end, finishing the utterance, the inference.
    public var latencyMilliseconds: Double
    /// One utterance of the model's input length: every frame's front end, the finish and the inference.
    public var energyMicrojoules: Double

    public init(
        parameters: Int, modelBytes: Int, flashBytes: Int, arenaBytes: Int, inferenceCycles: Int,
        latencyMilliseconds: Double, energyMicrojoules: Double
    ) {
        self.parameters = parameters
        self.modelBytes = modelBytes
        self.flashBytes = flashBytes
        self.arenaBytes = arenaBytes
        self.inferenceCycles = inferenceCycles
        self.latencyMilliseconds = latencyMilliseconds
        self.energyMicrojoules = energyMicrojoules
    }

    private enum CodingKeys: String, CodingKey {
        case parameters
        case modelBytes = "model_bytes"
        case flashBytes = "flash_bytes"
        case arenaBytes = "arena_bytes"
        case inferenceCycles = "inference_cycles"
        case latencyMilliseconds = "latency_ms"
        case energyMicrojoules = "energy_uj"
    }
}
