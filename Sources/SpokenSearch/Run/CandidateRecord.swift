import SpokenTrain

/// One evaluated candidate, as a line of `RUN/candidates.jsonl`: its genome and architecture, whether it trained,
/// its int8 validation accuracy, its chip cost and its fitness — or the error that stopped it.
public struct CandidateRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case ok, failed
    }

    public var id: String
    public var generation: Int
    public var index: Int
    public var status: Status
    public var genome: Genome
    /// What was trained: `spokend train --arch` takes it as it is.
    public var architecture: Architecture
    /// int8 accuracy on the validation speakers, clean and degraded clips together (what the fitness reads).
    public var accuracy: Double?
    /// int8 accuracy on the clean validation clips alone.
    public var cleanAccuracy: Double?
    /// Float accuracy on the same clips (what quantization cost).
    public var floatAccuracy: Double?
    public var cost: CandidateCost
    public var fitness: Double?
    /// Why it failed (status `failed`).
    public var error: String?
    /// Wall-clock seconds of the evaluation (features, training, export, scoring) and of its two big parts.
    public var seconds: Double
    public var featureSeconds: Double?
    public var trainingSeconds: Double?
    /// Epochs trained: fewer than the config's when the candidate was stopped early as hopeless (nil in records
    /// written before early stopping existed).
    public var epochs: Int?
    public var host: String?

    public init(
        planned: PlannedCandidate, architecture: Architecture, status: Status, accuracy: Double? = nil,
        cleanAccuracy: Double? = nil, floatAccuracy: Double? = nil, cost: CandidateCost? = nil,
        fitness: Double? = nil, error: String? = nil, seconds: Double, featureSeconds: Double? = nil,
        trainingSeconds: Double? = nil, epochs: Int? = nil, host: String? = nil
    ) {
        id = planned.id
        generation = planned.generation
        index = planned.index
        self.status = status
        genome = planned.genome
        self.architecture = architecture
        self.accuracy = accuracy
        self.cleanAccuracy = cleanAccuracy
        self.floatAccuracy = floatAccuracy
        self.cost = cost ?? planned.cost
        self.fitness = fitness
        self.error = error
        self.seconds = seconds
        self.featureSeconds = featureSeconds
        self.trainingSeconds = trainingSeconds
        self.epochs = epochs
        self.host = host
    }

    private enum CodingKeys: String, CodingKey {
        case id, generation, index, status, genome, architecture, accuracy
        case cleanAccuracy = "clean_accuracy"
        case floatAccuracy = "float_accuracy"
        case cost, fitness, error, seconds
        case featureSeconds = "feature_seconds"
        case trainingSeconds = "training_seconds"
        case epochs, host
    }
}
