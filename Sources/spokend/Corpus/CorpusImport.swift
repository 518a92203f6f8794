import ArgumentParser
import Foundation
import SpokenCorpus

/// `spokend corpus import`: the published SpokeN-100 folder into spokend's corpus layout.
struct CorpusImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the published SpokeN-100 (zenodo 10810044) as a spokend corpus.",
        discussion: """
            Reads one folder per language (english_numbers, german_numbers, french_numbers, mandarin_numbers; \
            also english, EN, de, fr, cmn, …), one sub-folder per speaker, one <number>.wav per number (0–99, \
            zero padding allowed). Writes DIR/<language>/<speaker>/<number>.wav (16-bit mono at the sample rate), \
            manifest.csv with F0, folds.json (the paper's 8 folds) and import-report.txt, which lists every file \
            that was not imported and why.

            Examples:
              spokend corpus import ~/Downloads/SpokeN-100 --out corpus-spoken100
              spokend corpus import SpokeN-100 --out corpus-8k --sample-rate 8000 --jobs 2
            """)

    @Argument(help: "The SpokeN-100 folder (or the folder it was unpacked into).") var source: String
    @Option(name: .customLong("out"), help: "The corpus folder to write.") var output: String
    @Option(help: "Sample rate of the imported clips, in Hz.") var sampleRate = 16000
    @Option(help: "Worker threads.") var jobs = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let importer = CorpusImporter(sampleRate: sampleRate, jobs: jobs)
        let report = try importer.run(
            source: URL(fileURLWithPath: source), output: URL(fileURLWithPath: output),
            log: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
        print(report.summary)
    }
}
