import Foundation

/// The coordinator of a search: for each generation, plans it (or reads the plan a killed run left), has the
/// executor evaluate what has no result yet, appends the results to `candidates.jsonl`, prints a progress line,
/// and at the end writes the report.
///
/// Everything it knows is in the run directory, so starting it again on the same folder (`--resume`) repeats no
/// completed evaluation: results that reached `results/` but not the log are taken as they are, plans are read
/// back, and a generation whose plan is missing is planned from the same seed and the same completed candidates,
/// so it is the generation an uninterrupted run would have made.
public final class SearchRun {
    public let directory: RunDirectory
    public let config: SearchConfig
    public let executor: any SearchExecutor
    private let evolution: Evolution
    private let evaluator: CandidateEvaluator
    private let progress: (String) -> Void

    public init(
        directory: RunDirectory, executor: any SearchExecutor, progress: @escaping (String) -> Void
    ) throws(SearchError) {
        self.directory = directory
        config = try directory.readConfig()
        evaluator = try Self.check(config)
        evolution = Evolution(config: config, profile: try config.deviceProfile())
        self.executor = executor
        self.progress = progress
    }

    /// Checks `config` and reads its corpus and fold, so a config or corpus no candidate could run with is one
    /// message before any work rather than a failure in every worker; returns the evaluator that read them.
    @discardableResult
    public static func check(_ config: SearchConfig) throws(SearchError) -> CandidateEvaluator {
        try config.validate()
        do {
            return try CandidateEvaluator(config: config, jobs: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            throw SearchError(.invalidConfig, "search config: \(error)")
        }
    }

    /// Runs the search to its last generation, then writes the report; returns every record.
    @discardableResult
    public func run() throws(SearchError) -> [CandidateRecord] {
        var records = try directory.records()
        var measured: [Double] = []
        for generation in 0..<config.generations {
            let start = Date()
            let plan: [PlannedCandidate]
            if let existing = try directory.readPlan(generation: generation) {
                plan = existing
            } else {
                plan = try evolution.plan(
                    generation: generation, records: records.filter { $0.generation < generation })
                try directory.writePlan(plan, generation: generation)
            }
            var done = Set(records.map(\.id))
            // Results a killed coordinator never logged.
            let unlogged = plan.filter { !done.contains($0.id) }.compactMap { directory.readResult(id: $0.id) }
            try directory.append(unlogged)
            records += unlogged
            done.formUnion(unlogged.map(\.id))
            let pending = plan.filter { !done.contains($0.id) }
            if !pending.isEmpty {
                try prepareAudio(for: pending)
                let failures = try executor.run(generation: generation, tasks: pending, in: directory)
                let new = pending.map { task in
                    directory.readResult(id: task.id)
                        ?? CandidateRecord(
                            planned: task,
                            architecture: task.genome.architecture(seconds: evolution.space.inputSeconds),
                            status: .failed, error: failures[task.id] ?? "the worker wrote no result", seconds: 0)
                }
                try directory.append(new)
                records += new
                measured.append(Date().timeIntervalSince(start))
            }
            progress(line(generation: generation, records: records, measured: measured))
        }
        try SearchReport(
            directory: directory, config: config, records: records, baselines: try directory.baselines()
        ).write()
        return records
    }

    /// Decodes the clips at every sample rate `tasks` use into the run's cache, on all cores, unless an earlier
    /// generation did: otherwise every worker of the first generation would decode the same clips at once.
    private func prepareAudio(for tasks: [PlannedCandidate]) throws(SearchError) {
        for rate in Set(tasks.map(\.genome.frontEnd.sampleRate)).sorted() {
            do {
                _ = try evaluator.audio(sampleRate: rate, in: directory)
            } catch {
                throw SearchError(.evaluation, "cannot prepare the clips at \(rate) Hz: \(error)")
            }
        }
    }

    /// `generation 3/25: 100 evaluated (2 failed), best fitness 0.712 (g002-c013: 71.3% int8, 23.1 KB flash,
    /// 12.4 ms, 0.81 mJ), front 7, 14.2 min/generation, ETA 5.3 h`
    private func line(generation: Int, records: [CandidateRecord], measured: [Double]) -> String {
        let current = records.filter { $0.generation == generation }
        let failed = current.filter { $0.status == .failed }.count
        var text = "generation \(generation + 1)/\(config.generations): \(current.count) evaluated"
        text += failed > 0 ? " (\(failed) failed)" : ""
        let trained = records.filter { $0.status == .ok }
        if let best = Evolution.ranked(trained, mode: .fitness).first {
            text += String(
                format: ", best fitness %.3f (%@: %.1f%% int8, %.1f KB flash, %.1f ms, %.2f mJ)", best.fitness ?? 0,
                best.id, (best.accuracy ?? 0) * 100, Double(best.cost.flashBytes) / 1000,
                best.cost.latencyMilliseconds, best.cost.energyMicrojoules / 1000)
        }
        text += ", front \(SearchReport.front(trained).count)"
        if !measured.isEmpty {
            let perGeneration = measured.reduce(0, +) / Double(measured.count)
            let left = Double(config.generations - generation - 1) * perGeneration
            text += String(format: ", %.1f min/generation, ETA %@", perGeneration / 60, Self.duration(left))
        }
        return text
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 90
            ? String(format: "%.0f s", seconds)
            : seconds < 5400 ? String(format: "%.1f min", seconds / 60) : String(format: "%.1f h", seconds / 3600)
    }
}
