/// What one finished epoch of `TrainingRun` tells its caller, for a progress bar or a log line.
public struct EpochReport: Sendable, Equatable {
    /// 1-based.
    public var epoch: Int
    public var epochs: Int
    /// Loss and accuracy on the augmented training examples, and on the validation speakers (clean).
    public var training: EpochMetrics
    public var validation: EpochMetrics
    /// The epoch whose weights are kept so far (best validation accuracy).
    public var bestEpoch: Int
    public var seconds: Double
}
