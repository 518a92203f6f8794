/// How to train: the optimizer's settings, the schedule, regularization, the seed and the cores.
///
/// Same architecture, data, options and seed → the same weights, bit for bit, on the same machine. `threads` is
/// part of that: it is the number of data-parallel shards a batch is split into (each shard normalizes its batch
/// norms over its own part), so a different thread count is a different (equally valid) run.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var epochs: Int
    public var batchSize: Int
    /// The peak learning rate, reached after the warm-up; cosine decay to 0 at the end of `epochs`.
    public var learningRate: Double
    /// AdamW's decoupled weight decay (kernels only, not biases or batch-norm parameters).
    public var weightDecay: Double
    /// Epochs of linear warm-up from 0 to `learningRate` (fractions allowed).
    public var warmupEpochs: Double
    /// Share of the target probability spread evenly over all classes.
    public var labelSmoothing: Double
    /// The rate of every dropout layer that does not give its own.
    public var dropout: Double
    public var seed: UInt64
    /// Data-parallel shards per batch, each on its own thread (OpenBLAS runs single-threaded inside each).
    public var threads: Int

    public init(
        epochs: Int = 30, batchSize: Int = 64, learningRate: Double = 0.003, weightDecay: Double = 0.01,
        warmupEpochs: Double = 1, labelSmoothing: Double = 0.1, dropout: Double = 0.2, seed: UInt64 = 0,
        threads: Int = 2
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.warmupEpochs = warmupEpochs
        self.labelSmoothing = labelSmoothing
        self.dropout = dropout
        self.seed = seed
        self.threads = threads
    }

    /// Checks every field; the error names the first bad one.
    public func validate() throws(TrainError) {
        func bad(_ field: String, _ rule: String, _ value: Any) -> TrainError {
            TrainError(.invalidArchitecture, "training options: \(field) must be \(rule), got \(value)")
        }
        guard epochs >= 1 else { throw bad("epochs", "at least 1", epochs) }
        guard threads >= 1, threads <= 64 else { throw bad("threads", "in 1…64", threads) }
        guard batchSize >= 2 * threads else { throw bad("batch", "at least 2 per thread (\(2 * threads))", batchSize) }
        guard learningRate.isFinite, learningRate > 0 else { throw bad("learning rate", "positive", learningRate) }
        guard weightDecay.isFinite, weightDecay >= 0 else { throw bad("weight decay", "non-negative", weightDecay) }
        guard warmupEpochs.isFinite, warmupEpochs >= 0 else { throw bad("warm-up", "non-negative", warmupEpochs) }
        guard labelSmoothing >= 0, labelSmoothing < 1 else { throw bad("label smoothing", "in [0, 1)", labelSmoothing) }
        guard dropout >= 0, dropout < 1 else { throw bad("dropout", "in [0, 1)", dropout) }
    }
}
