/// One model's answer for one utterance.
public struct Classification: Sendable, Equatable, Codable {
    /// The winning class's label (`de`, `42`) and its index in the model's output.
    public var label: String
    public var index: Int
    /// The softmax probability of the winning class, 0…1 (in steps of 1/256 when the model ends in an int8
    /// SOFTMAX, as on the chip).
    public var confidence: Double
    /// Every class's probability, in output order.
    public var probabilities: [Double]
    /// The model's modelled device cycles for this inference.
    public var cycles: Int

    public init(label: String, index: Int, confidence: Double, probabilities: [Double], cycles: Int) {
        self.label = label
        self.index = index
        self.confidence = confidence
        self.probabilities = probabilities
        self.cycles = cycles
    }
}
