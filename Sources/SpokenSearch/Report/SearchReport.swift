import Foundation
import SpokenCorpus

/// What a search leaves for people: `pareto.csv` (the front of int8 accuracy against device latency and flash),
/// `pareto.svg` (every trained candidate and the front, accuracy against latency and against flash, with the
/// paper's fittest model marked and its other two listed by accuracy), and `best/` with the fittest, the most
/// accurate and the fastest candidate as `.tflite` with a model card each.
///
/// Made from `candidates.jsonl` and `models/` alone, so `spokend search report RUN` re-renders it at any time,
/// also while a search is still running.
public struct SearchReport {
    public let directory: RunDirectory
    public let config: SearchConfig
    public let records: [CandidateRecord]
    /// Hand-designed networks scored with the same proxy (`spokend search baseline`), drawn beside the candidates.
    public let baselines: [Baseline]

    public init(directory: RunDirectory, config: SearchConfig, records: [CandidateRecord], baselines: [Baseline]) {
        self.directory = directory
        self.config = config
        self.records = records
        self.baselines = baselines
    }

    /// Reads the run directory.
    public init(directory: RunDirectory) throws(SearchError) {
        self.init(
            directory: directory, config: try directory.readConfig(), records: try directory.records(),
            baselines: try directory.baselines())
    }

    /// NSGA-II's first front over the trained candidates (accuracy up, latency and flash down), best accuracy first.
    public static func front(_ records: [CandidateRecord]) -> [CandidateRecord] {
        let trained = records.filter { $0.status == .ok && $0.accuracy != nil }
        guard let first = ParetoRanking.fronts(trained.map(Evolution.objectives)).first else { return [] }
        return first.map { trained[$0] }.sorted { ($0.accuracy ?? 0, $1.id) > ($1.accuracy ?? 0, $0.id) }
    }

    /// The fittest, the most accurate and the fastest trained candidate (ties by id), with the names `best/` uses.
    public var winners: [(name: String, record: CandidateRecord)] {
        let trained = records.filter { $0.status == .ok && $0.accuracy != nil }.sorted { $0.id < $1.id }
        guard !trained.isEmpty else { return [] }
        let fittest = Evolution.ranked(trained, mode: .fitness)[0]
        let accurate = trained.max { ($0.accuracy ?? 0) < ($1.accuracy ?? 0) }!
        let fastest = trained.min { $0.cost.latencyMilliseconds < $1.cost.latencyMilliseconds }!
        return [("fittest", fittest), ("most-accurate", accurate), ("fastest", fastest)]
    }

    /// Writes `pareto.csv`, `pareto.svg` and `best/`.
    public func write() throws(SearchError) {
        let best = directory.url.appendingPathComponent("best")
        do {
            try csv().write(to: directory.url.appendingPathComponent("pareto.csv"), atomically: true, encoding: .utf8)
            try svg().write(to: directory.url.appendingPathComponent("pareto.svg"), atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(at: best, withIntermediateDirectories: true)
            for (name, record) in winners {
                let model = best.appendingPathComponent("\(name).tflite")
                try? FileManager.default.removeItem(at: model)
                try FileManager.default.copyItem(at: directory.modelURL(id: record.id), to: model)
                try card(name: name, record: record).write(
                    to: best.appendingPathComponent("\(name).md"), atomically: true, encoding: .utf8)
            }
        } catch {
            throw SearchError(
                .runDirectory, "cannot write the report in \(directory.url.path): \(error.localizedDescription)")
        }
    }

    public func csv() -> String {
        var lines = [
            "id,int8_accuracy,clean_int8_accuracy,float_accuracy,latency_ms,flash_bytes,model_bytes,arena_bytes,"
                + "energy_uj,parameters,fitness"
        ]
        for record in Self.front(records) {
            let cost = record.cost
            lines.append(
                [
                    record.id, Self.format(record.accuracy), Self.format(record.cleanAccuracy),
                    Self.format(record.floatAccuracy), String(format: "%.3f", cost.latencyMilliseconds),
                    "\(cost.flashBytes)", "\(cost.modelBytes)", "\(cost.arenaBytes)",
                    String(format: "%.1f", cost.energyMicrojoules), "\(cost.parameters)", Self.format(record.fitness),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Two panels side by side, each one of SpokenCorpus's scatter plots (nested SVG documents).
    public func svg() -> String {
        let trained = records.filter { $0.status == .ok && $0.accuracy != nil }
        let frontIDs = Set(Self.front(trained).map(\.id))
        let paper = PaperModel.fittest
        let categories =
            ["candidates", "Pareto front", "\(paper.name) (\(paper.accuracyText))"]
            + PaperModel.all.dropFirst().map { "\($0.name): \($0.accuracyText) (cost not published)" }
            + (baselines.isEmpty
                ? [] : ["hand-designed, same proxy: " + baselines.map(\.name).joined(separator: ", ")])
        func panel(_ title: String, _ xLabel: String, _ x: (CandidateCost) -> Double, paperX: Double) -> String {
            var points = trained.map { record in
                ScatterPlot.Point(
                    x: x(record.cost), y: (record.accuracy ?? 0) * 100, category: frontIDs.contains(record.id) ? 1 : 0)
            }
            points.append(
                ScatterPlot.Point(
                    x: paperX, y: (paper.accuracy.lowerBound + paper.accuracy.upperBound) * 50, category: 2))
            points += baselines.map {
                ScatterPlot.Point(x: x($0.score.cost), y: $0.score.accuracy * 100, category: categories.count - 1)
            }
            return ScatterPlot(
                title: title, xLabel: xLabel, yLabel: "int8 accuracy on validation speakers (%)", points: points,
                categories: categories
            ).svg()
        }
        let latency = panel(
            "\(config.task.rawValue): accuracy vs latency after speech", "device latency (ms, front end included)",
            { $0.latencyMilliseconds }, paperX: paper.latencyMilliseconds ?? 0)
        let flash = panel(
            "\(config.task.rawValue): accuracy vs flash", "flash (KB: model + interpreter code; paper: .tflite)",
            { Double($0.flashBytes) / 1000 }, paperX: Double(paper.modelBytes ?? 0) / 1000)
        /// A panel placed at `x`, without its XML declaration (allowed only at the top of a file).
        func nested(_ svg: String, x: Int) -> String {
            let body = svg.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("<?xml") }
                .joined(separator: "\n")
            return body.replacingOccurrences(
                of: "<svg ", with: "<svg x=\"\(x)\" y=\"0\" ", options: [], range: body.range(of: "<svg "))
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="1820" height="600" viewBox="0 0 1820 600">
            \(nested(latency, x: 0))
            \(nested(flash, x: 910))
            </svg>

            """
    }

    /// The model card of a winner.
    public func card(name: String, record: CandidateRecord) -> String {
        let cost = record.cost
        let frontEnd = record.genome.frontEnd
        var lines = [
            "# \(config.task.rawValue) model: \(name) candidate of search \(directory.url.lastPathComponent)", "",
            "Candidate `\(record.id)` of `\(directory.url.path)` (seed \(config.seed), \(config.mode.rawValue) "
                + "mode, fold \(config.fold) of the held-out-voice split, \(config.epochs) proxy epochs on "
                + "\(Int(config.trainingShare * 100))% of the training clips). Provenance is in the model's "
                + "`spokend.provenance`.", "",
            "| | this model |", "| --- | --- |",
            "| int8 accuracy, validation speakers\(config.degraded ? " (clean + degraded)" : "") | "
                + "\(Self.percent(record.accuracy)) |",
            "| int8 accuracy, clean validation clips | \(Self.percent(record.cleanAccuracy)) |",
            "| float accuracy, clean validation clips | \(Self.percent(record.floatAccuracy)) |",
            "| fitness | \(Self.format(record.fitness)) |",
            "| parameters | \(cost.parameters) |", "| .tflite | \(cost.modelBytes) B |",
            "| flash (model + interpreter) | \(cost.flashBytes) B |", "| arena | \(cost.arenaBytes) B |",
            String(format: "| latency after speech (%@) | %.2f ms |", config.profile, cost.latencyMilliseconds),
            String(format: "| energy per utterance | %.1f µJ |", cost.energyMicrojoules), "",
            "Front end: \(frontEnd.sampleRate) Hz, n_fft \(frontEnd.nFFT), hop \(frontEnd.hop), \(frontEnd.mels) "
                + "log-mel bands up to \(Int(frontEnd.fmax)) Hz.", "",
            "The SpokeN-100 paper's EvoNAS number models, for comparison (held-out speakers):", "",
        ]
        for model in PaperModel.all {
            var figures = [model.accuracyText]
            if let parameters = model.parameters { figures.append("\(parameters) parameters") }
            if let bytes = model.modelBytes { figures.append(String(format: "%.1f KB .tflite", Double(bytes) / 1000)) }
            if let arena = model.arenaBytes { figures.append("\(arena) B arena") }
            if let latency = model.latencyMilliseconds { figures.append("\(Int(latency)) ms on the nRF52840") }
            lines.append("- \(model.name): " + figures.joined(separator: ", "))
        }
        lines += [
            "", "Architecture (`spokend train --arch`):", "", "```json",
            String(decoding: record.architecture.json(), as: UTF8.self), "```", "",
        ]
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
    private static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
}
