/// The mean loss and the accuracy over one pass through a set of examples.
public struct EpochMetrics: Sendable, Equatable, Codable {
    /// Mean cross-entropy per example (with label smoothing in training, without in evaluation).
    public var loss: Double
    /// Share of examples whose highest score is their label, 0…1.
    public var accuracy: Double
    public var examples: Int
}
