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
                String(
                    format: "%@ %@: %.1f%% int8, %d B flash, %d B arena, %.2f ms, %.1f µJ, fitness %.3f",
                    name.padding(toLength: 13, withPad: " ", startingAt: 0), record.id, (record.accuracy ?? 0) * 100,
                    record.cost.flashBytes, record.cost.arenaBytes, record.cost.latencyMilliseconds,
                    record.cost.energyMicrojoules, record.fitness ?? 0))
        }
    }
}
