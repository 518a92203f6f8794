import ArgumentParser
import Foundation
import SpokenCorpus

/// `spokend corpus generate`: the synthetic corpus, from libespeak-ng.
struct CorpusGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Synthesize the numbers 0–99 in English, German, French and Mandarin by 32 espeak-ng speakers each.",
        discussion: """
            Writes DIR/<language>/<speaker>/<number>.wav, DIR/manifest.csv (written last), DIR/folds.json and \
            DIR/generator.json (the options). Speakers are fixed combinations of voice, variant, pitch, range, rate \
            and word gap (en01…en32, de01…, fr01…, zh01…; see manifest.csv). The same options give byte-identical \
            files. Interrupted? Run the same command again: finished clips are kept, damaged ones are made again.

            --extra-speakers N adds N more speakers per language (en33…, with 32 other espeak-ng variants such as \
            Alicia, whisperf, croak, Hugo), listed in manifest.csv but in no fold: spokend train uses them for \
            training in every fold and never tests on them, so a model hears more timbres while its test speakers \
            stay the corpus's 32.

            Examples:
              spokend corpus generate --out corpus
              spokend corpus generate --out tiny --languages en,zh --speakers 2 --numbers 0-4
              spokend corpus generate --out corpus-8k --sample-rate 8000 --jobs 4 --seed 7
              spokend corpus generate --out corpus-plus --extra-speakers 32
            """)

    @Option(name: .customLong("out"), help: "The corpus folder (created if missing).") var output: String
    @Option(help: "Languages, comma-separated: en, de, fr, zh.") var languages = "en,de,fr,zh"
    @Option(help: "Speakers per language (1–32).") var speakers = 32
    @Option(help: "Training-only speakers per language with other variants (0–32).") var extraSpeakers = 0
    @Option(help: "Numbers to say: a range such as 0-99, or a list such as 0-9,42.") var numbers = "0-99"
    @Option(help: "Sample rate of the clips, in Hz.") var sampleRate = 16000
    @Option(help: "Worker processes (one speaker each at a time).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Seed of the speaker folds and the synthesizer's noise.") var seed: UInt64 = 0

    func run() throws {
        let options = GenerationOptions(
            languages: try Language.list(languages), speakers: speakers, extraSpeakers: extraSpeakers,
            numbers: try GenerationOptions.numbers(numbers), sampleRate: sampleRate, seed: seed)
        let generator = CorpusGenerator(
            options: options, jobs: jobs, worker: [CorpusWorker.executablePath, "corpus", "worker"])
        let summary = try generator.run(
            output: URL(fileURLWithPath: output), log: { FileHandle.standardError.write(Data($0.utf8)) },
            interactive: isatty(STDERR_FILENO) != 0)
        FileHandle.standardError.write(Data("\(output): \(summary.description)\n".utf8))
    }
}
