import ArgumentParser
import Foundation
import SpokenCorpus

/// `spokend corpus import`: the published SpokeN-100 folder, or another synthesizer's clips, into spokend's corpus
/// layout.
struct CorpusImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the published SpokeN-100 (zenodo 10810044), or add another synthesizer's voices to a corpus.",
        discussion: """
            Reads one folder per language (english_numbers, german_numbers, french_numbers, mandarin_numbers; \
            also english, EN, de, fr, cmn, …), one sub-folder per speaker, one <number>.wav per number (0–99, \
            zero padding allowed). Writes DIR/<language>/<speaker>/<number>.wav (16-bit mono at the sample rate), \
            manifest.csv with F0, folds.json (the paper's 8 folds) and import-report.txt, which lists every file \
            that was not imported and why. Imported clips are for evaluation: `spokend train` refuses them.

            With --synthesizer NAME the clips are another engine's speech, for training: each is trimmed as \
            `corpus generate` trims its own and its manifest row names the engine. When --out already holds a \
            corpus, the new speakers join it in no fold (folds.json is kept), so they train in every fold and are \
            never tested on; a speaker name the corpus already has is refused. festival and flite are refused: \
            they are kept for the independent check of the shipped models. Scripts/piper_voices.py writes Piper's \
            voice in this layout.

            Examples:
              spokend corpus import ~/Downloads/SpokeN-100 --out corpus-spoken100
              spokend corpus import SpokeN-100 --out corpus-8k --sample-rate 8000 --jobs 2
              spokend corpus import tts --out corpus --synthesizer piper:en_US-joe-medium
            """)

    @Argument(help: "The SpokeN-100 folder (or the folder it was unpacked into), or a synthesizer's clips.")
    var source: String
    @Option(name: .customLong("out"), help: "The corpus folder to write.") var output: String
    @Option(help: "Sample rate of the imported clips, in Hz.") var sampleRate = 16000
    @Option(help: "Worker threads.") var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "The engine and voice that spoke the clips (piper:en_US-joe-medium): trim them and train on them.")
    var synthesizer: String?

    func run() throws {
        let importer = CorpusImporter(sampleRate: sampleRate, jobs: jobs, synthesizer: synthesizer)
        let report = try importer.run(
            source: URL(fileURLWithPath: source), output: URL(fileURLWithPath: output),
            log: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
        print(report.summary)
    }
}
