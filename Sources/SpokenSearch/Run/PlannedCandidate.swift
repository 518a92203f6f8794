/// A candidate chosen for a generation, before evaluation: its id, its genome and its cost as measured on the
/// untrained network (which is how it passed the hard constraints).
public struct PlannedCandidate: Codable, Sendable, Equatable {
    /// `g003-c017`: generation 3, candidate 17 (0-based), sortable as text.
    public var id: String
    public var generation: Int
    /// Index within the generation: a Slurm array task id.
    public var index: Int
    public var genome: Genome
    public var cost: CandidateCost

    public init(generation: Int, index: Int, genome: Genome, cost: CandidateCost) {
        id = Self.id(generation: generation, index: index)
        self.generation = generation
        self.index = index
        self.genome = genome
        self.cost = cost
    }

    public static func id(generation: Int, index: Int) -> String {
        "g" + Self.padded(generation, 3) + "-c" + Self.padded(index, 3)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
