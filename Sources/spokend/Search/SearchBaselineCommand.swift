import ArgumentParser
import Foundation
import SpokenSearch
import SpokenTrain

/// `spokend search baseline RUN --arch FILE`: scores a hand-designed network with the search's proxy budget.
struct SearchBaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Score a hand-designed architecture with a search's proxy budget, to set it beside the candidates.",
        discussion: """
            The network is trained, quantized and scored exactly as the run's candidates are (same clips, epochs, \
            validation speakers and degraded copies, same chip cost model), then kept in RUN/baselines/NAME.json \
            and drawn in pareto.svg the next time the report is written.

            Examples:
              spokend search baseline runs/number-1 --arch Models/number.arch.json
              spokend search baseline runs/lang-1 --arch Models/language.arch.json && spokend search report runs/lang-1
            """)

    @Argument(help: "The run directory.")
    var directory: String

    @Option(help: "An architecture JSON file (spokend train --arch takes the same).")
    var arch: String

    @Option(help: "Its name in the plot (default: the file name without .arch.json or .json).")
    var name: String?

    func run() throws {
        let run = RunDirectory(url: URL(fileURLWithPath: directory))
        let config = try run.readConfig()
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: arch))
        } catch {
            throw SearchError(.invalidConfig, "--arch \(arch): cannot read: \(error.localizedDescription)")
        }
        let architecture = try Architecture.decode(json: data)
        let file = URL(fileURLWithPath: arch).lastPathComponent
        let name =
            self.name
            ?? file.replacingOccurrences(of: ".arch.json", with: "").replacingOccurrences(of: ".json", with: "")
        let evaluator = try CandidateEvaluator(config: config, jobs: config.threads)
        let (score, bytes) = try evaluator.score(
            architecture, id: "baseline-\(name)", seed: StableHash.seed(config.seed, 0xBA5E), in: run)
        let baseline = Baseline(
            name: name, source: arch, architecture: architecture, score: score,
            fitness: config.fitness.value(accuracy: score.accuracy, cost: score.cost))
        try run.writeBaseline(baseline, model: bytes)
        print(
            "\(name): clean \(String(format: "%.1f%%", score.cleanAccuracy * 100)), "
                + SearchReportCommand.figures(accuracy: score.accuracy, cost: score.cost, fitness: baseline.fitness))
    }
}
