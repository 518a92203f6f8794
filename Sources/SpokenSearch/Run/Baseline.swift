import SpokenTrain

/// A network set beside a search's candidates without being one of them — a shipped, hand-designed architecture —
/// scored with the run's own proxy budget (`spokend search baseline`), so "the search beat it" compares like with
/// like. Kept as `RUN/baselines/<name>.json` and drawn in `pareto.svg`.
public struct Baseline: Codable, Sendable, Equatable {
    /// The name in the plot and the file name (`number.arch.json` gives `number`).
    public var name: String
    /// The architecture file it came from, as given.
    public var source: String
    public var architecture: Architecture
    public var score: ProxyScore
    public var fitness: Double

    public init(name: String, source: String, architecture: Architecture, score: ProxyScore, fitness: Double) {
        self.name = name
        self.source = source
        self.architecture = architecture
        self.score = score
        self.fitness = fitness
    }
}
