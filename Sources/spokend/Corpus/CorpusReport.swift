import ArgumentParser
import Foundation
import SpokenCorpus

/// `spokend corpus report`: plots and a report.md that describe a corpus.
struct CorpusReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Describe a corpus: counts and gaps, durations, F0 per speaker, a UMAP of the clips by language.",
        discussion: """
            Reads DIR/manifest.csv and the clips it lists; writes SVG plots, embedding.csv and report.md (which \
            links the plots) to the report folder. F0 is taken from the manifest where it was measured.

            Examples:
              spokend corpus report corpus --out corpus-report
              spokend corpus report corpus --out corpus-report --embedding-clips 1000 --seed 7
            """)

    @Argument(help: "The corpus folder (with manifest.csv).") var corpus: String
    @Option(name: .customLong("out"), help: "The folder for report.md and the plots.") var output: String
    @Option(help: "At most this many clips in the embedding, drawn with --seed.") var embeddingClips = 3000
    @Option(help: "Seed for the embedding's sample and layout.") var seed: UInt64 = 42
    @Option(help: "Worker threads.") var jobs = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let reporter = CorpusReporter(embeddingClips: embeddingClips, seed: seed, jobs: jobs)
        let report = try reporter.run(
            corpus: URL(fileURLWithPath: corpus), output: URL(fileURLWithPath: output),
            log: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
        print("\(report.summary); report: \(output)/report.md")
    }
}
