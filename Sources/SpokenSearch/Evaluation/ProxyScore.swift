/// What the proxy budget says of one network: its int8 accuracy on the validation speakers, its chip cost, and
/// where the time went. A candidate's record keeps these; `spokend search baseline` prints them for a hand-designed
/// network, so it can be set beside the search's candidates.
public struct ProxyScore: Codable, Sendable, Equatable {
    /// int8 accuracy on the validation speakers, clean and degraded clips together (what the fitness reads).
    public var accuracy: Double
    /// int8 accuracy on the clean validation clips alone.
    public var cleanAccuracy: Double
    /// Float accuracy on the clean validation clips.
    public var floatAccuracy: Double
    public var cost: CandidateCost
    /// Epochs trained: fewer than the proxy's when the network was stopped early as hopeless.
    public var epochs: Int
    public var featureSeconds: Double
    public var trainingSeconds: Double

    private enum CodingKeys: String, CodingKey {
        case accuracy
        case cleanAccuracy = "clean_accuracy"
        case floatAccuracy = "float_accuracy"
        case cost, epochs
        case featureSeconds = "feature_seconds"
        case trainingSeconds = "training_seconds"
    }
}
