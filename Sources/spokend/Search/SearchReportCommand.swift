import ArgumentParser
import Foundation
import SpokenSearch

/// `spokend search report RUN`: re-renders a search's pareto.csv, pareto.svg and best/.
struct SearchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a search's pareto.csv, pareto.svg and best/ from its candidates (also mid-run).",
        discussion: """
            Examples:
              spokend search report runs/number-1
              column -s, -t runs/number-1/pareto.csv
            """)

    @Argument(help: "The run directory.")
    var directory: String

    func run() throws {
        let report = try SearchReport(directory: RunDirectory(url: URL(fileURLWithPath: directory)))
        try report.write()
        let trained = report.records.filter { $0.status == .ok }
        print(
            "\(report.records.count) candidates (\(trained.count) trained), front of \(SearchReport.front(trained).count)"
        )
        for (name, record) in report.winners {
            print(
                "\(name.padding(toLength: 13, withPad: " ", startingAt: 0)) \(record.id): "
                    + Self.figures(accuracy: record.accuracy ?? 0, cost: record.cost, fitness: record.fitness ?? 0))
        }
        for baseline in report.baselines {
            print(
                "baseline \(baseline.name): "
                    + Self.figures(
                        accuracy: baseline.score.accuracy, cost: baseline.score.cost, fitness: baseline.fitness))
        }
    }

    /// `41.3% int8, 23104 B flash, 9120 B arena, 12.41 ms, 812.0 µJ, fitness 0.712`
    static func figures(accuracy: Double, cost: CandidateCost, fitness: Double) -> String {
        String(
            format: "%.1f%% int8, %d B flash, %d B arena, %.2f ms, %.1f µJ, fitness %.3f", accuracy * 100,
            cost.flashBytes, cost.arenaBytes, cost.latencyMilliseconds, cost.energyMicrojoules, fitness)
    }
}
