import SpokenDSP
import SpokenNN
import SpokenTrain

/// Chooses the candidates of each generation from the seed and the candidates evaluated so far, and nothing else:
/// the same seed and the same completed set give the same next generation, which is what makes `--resume` after a
/// kill continue as if nothing had happened.
///
/// Generation 0 is `initialPopulation` random genomes. Each later generation keeps the best `population` candidates
/// evaluated so far as parents (by fitness, or by NSGA-II's front and crowding distance), and breeds `population`
/// children: a parent by binary tournament, with probability `crossoverRate` crossed with a second one, then
/// mutated. A child identical to a candidate seen before is drawn again, and so is one whose untrained int8 export
/// breaks a hard constraint (arena, flash, latency), so no training is spent on either.
public struct Evolution: Sendable {
    public let config: SearchConfig
    public let space: GenomeSpace
    public let profile: DeviceProfile
    public var crossoverRate = 0.5
    /// Draws per wanted candidate before a generation is left smaller (a space with few genomes that meet the
    /// constraints).
    public var attemptsPerCandidate = 100

    public init(config: SearchConfig, space: GenomeSpace = GenomeSpace(), profile: DeviceProfile) {
        self.config = config
        self.space = space
        self.profile = profile
    }

    /// The candidates of `generation`, given `records` (every candidate of the earlier generations).
    public func plan(generation: Int, records: [CandidateRecord]) throws(SearchError) -> [PlannedCandidate] {
        var random = SplitMix64(seed: StableHash.seed(config.seed, 0xE70, UInt64(generation)))
        let ordered = records.sorted { $0.id < $1.id }
        let parents = survivors(ordered)
        guard generation == 0 || !parents.isEmpty else {
            throw SearchError(
                .evaluation,
                "generation \(generation): no candidate of the earlier generations trained, so there is nothing to "
                    + "breed from (see the errors in candidates.jsonl)")
        }
        var seen = Set(ordered.map(\.genome))
        var planned: [PlannedCandidate] = []
        let wanted = config.size(of: generation)
        var attempts = 0
        while planned.count < wanted, attempts < wanted * attemptsPerCandidate {
            attempts += 1
            let genome: Genome
            if generation == 0 {
                genome = space.random(&random)
            } else {
                let first = tournament(parents, &random)
                let child =
                    random.chance(crossoverRate)
                    ? space.crossover(first, tournament(parents, &random), &random) : first
                genome = space.mutated(child, &random)
            }
            guard !seen.contains(genome) else { continue }
            seen.insert(genome)
            guard let cost = try? measure(genome), config.constraints.violations(cost).isEmpty else { continue }
            planned.append(PlannedCandidate(generation: generation, index: planned.count, genome: genome, cost: cost))
        }
        guard !planned.isEmpty else {
            throw SearchError(
                .invalidConfig,
                "no genome of \(attempts) drawn meets the constraints (arena ≤ \(config.constraints.maxArenaBytes) B, "
                    + "flash ≤ \(config.constraints.maxFlashBytes) B, latency ≤ "
                    + "\(config.constraints.maxLatencyMilliseconds) ms): loosen them")
        }
        return planned
    }

    /// The untrained network's cost, or nil when it is too large to build.
    func measure(_ genome: Genome) throws -> CandidateCost? {
        try CostProbe.untrained(
            genome, space: space, task: config.task, profile: profile, maxParameters: config.constraints.maxFlashBytes)
    }

    /// The best `population` trained candidates, best first.
    public func survivors(_ records: [CandidateRecord]) -> [Genome] {
        let trained = records.filter { $0.status == .ok && $0.accuracy != nil }
        return Array(Self.ranked(trained, mode: config.mode).prefix(config.population).map(\.genome))
    }

    /// Trained candidates best first: by fitness (ties by id), or by NSGA-II order.
    public static func ranked(_ records: [CandidateRecord], mode: SearchConfig.Mode) -> [CandidateRecord] {
        switch mode {
        case .fitness:
            return records.sorted { a, b in
                (a.fitness ?? 0) != (b.fitness ?? 0) ? (a.fitness ?? 0) > (b.fitness ?? 0) : a.id < b.id
            }
        case .nsga2:
            return ParetoRanking.order(records.map(objectives)).map { records[$0] }
        }
    }

    /// NSGA-II's objectives, all minimized: −accuracy, latency after speech, flash.
    public static func objectives(_ record: CandidateRecord) -> [Double] {
        [-(record.accuracy ?? 0), record.cost.latencyMilliseconds, Double(record.cost.flashBytes)]
    }

    /// Binary tournament on rank: of two parents drawn at random, the better ranked (earlier in the list).
    private func tournament(_ parents: [Genome], _ random: inout SplitMix64) -> Genome {
        let a = random.integer(0...(parents.count - 1))
        let b = random.integer(0...(parents.count - 1))
        return parents[min(a, b)]
    }
}
