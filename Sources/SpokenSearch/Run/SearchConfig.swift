import Foundation
import SpokenNN
import SpokenTrain

/// Everything that defines a search, stored as `RUN/config.json` so a resumed run and every worker (on this machine
/// or a Slurm node) read the same settings.
///
/// Defaults are the paper's size: an initial population of 300, then 100 per generation, 25 generations, the
/// paper's fitness. The proxy budget (epochs, share of the training clips) is what makes that affordable.
public struct SearchConfig: Codable, Sendable, Equatable {
    /// How survivors are chosen.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// The paper's scalar fitness (`Fitness`).
        case fitness
        /// NSGA-II over int8 accuracy (up), device latency (down) and flash (down).
        case nsga2
    }

    public var task: TrainingTask
    /// The corpus folder (absolute), as `spokend corpus generate` writes it.
    public var corpus: String
    public var seed: UInt64
    public var mode: Mode
    public var initialPopulation: Int
    public var population: Int
    public var generations: Int
    /// Training epochs per candidate (the proxy budget).
    public var epochs: Int
    /// Share of the fold's training clips a candidate trains on (0 < share ≤ 1).
    public var trainingShare: Double
    /// The fold of the held-out-voice split whose validation speakers score the candidates; its test speakers are
    /// never read by the search.
    public var fold: Int
    /// Whether the validation clips are also scored degraded (each clip once, in one of `Degradation`'s ways).
    public var degraded: Bool
    public var fitness: Fitness
    public var constraints: Constraints
    /// The device profile's name or JSON file.
    public var profile: String
    /// Threads of each worker's training.
    public var threads: Int

    public init(
        task: TrainingTask, corpus: String, seed: UInt64 = 1, mode: Mode = .fitness, initialPopulation: Int = 300,
        population: Int = 100, generations: Int = 25, epochs: Int = 3, trainingShare: Double = 0.25, fold: Int = 0,
        degraded: Bool = true, fitness: Fitness = Fitness(), constraints: Constraints = Constraints(),
        profile: String = "nrf52840", threads: Int = 1
    ) {
        self.task = task
        self.corpus = corpus
        self.seed = seed
        self.mode = mode
        self.initialPopulation = initialPopulation
        self.population = population
        self.generations = generations
        self.epochs = epochs
        self.trainingShare = trainingShare
        self.fold = fold
        self.degraded = degraded
        self.fitness = fitness
        self.constraints = constraints
        self.profile = profile
        self.threads = threads
    }

    private enum CodingKeys: String, CodingKey {
        case task, corpus, seed, mode
        case initialPopulation = "initial_population"
        case population, generations, epochs
        case trainingShare = "training_share"
        case fold, degraded, fitness, constraints, profile, threads
    }

    /// The `--quick` budget: a small population for a few generations on a tenth of the clips, for a first look
    /// within half an hour on two cores.
    public mutating func makeQuick() {
        initialPopulation = 12
        population = 8
        generations = 3
        epochs = 2
        trainingShare = 0.1
    }

    /// Candidates in generation `generation`.
    public func size(of generation: Int) -> Int { generation == 0 ? initialPopulation : population }

    /// The device profile.
    public func deviceProfile() throws(SearchError) -> DeviceProfile {
        do {
            return try DeviceProfile.named(profile)
        } catch {
            throw SearchError(.invalidConfig, "profile: \(error.detail)")
        }
    }

    /// Checks every field, the corpus folder and the profile; the error names the first bad one. Called before any
    /// work.
    public func validate() throws(SearchError) {
        func bad(_ field: String, _ rule: String, _ value: Any) -> SearchError {
            SearchError(.invalidConfig, "search config: \(field) must be \(rule), got \(value)")
        }
        guard initialPopulation >= 2 else { throw bad("initial_population", "at least 2", initialPopulation) }
        guard population >= 2 else { throw bad("population", "at least 2", population) }
        guard (1...1000).contains(generations) else { throw bad("generations", "in 1…1000", generations) }
        guard (1...1000).contains(epochs) else { throw bad("epochs", "in 1…1000", epochs) }
        guard trainingShare > 0, trainingShare <= 1 else { throw bad("training_share", "in (0, 1]", trainingShare) }
        guard fold >= 0 else { throw bad("fold", "non-negative", fold) }
        guard (1...64).contains(threads) else { throw bad("threads", "in 1…64", threads) }
        try fitness.validate()
        try constraints.validate()
        _ = try deviceProfile()
        var isDirectory: ObjCBool = false
        let manifest = URL(fileURLWithPath: corpus).appendingPathComponent("manifest.csv").path
        guard FileManager.default.fileExists(atPath: manifest, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            throw SearchError(
                .invalidConfig,
                "search config: corpus \(corpus) has no manifest.csv (make one with spokend corpus generate)")
        }
    }
}
