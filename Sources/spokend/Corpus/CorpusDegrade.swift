import ArgumentParser
import Foundation
import SpokenTrain

/// `spokend corpus degrade`: spoilt copies of a fold's test clips, for `spokend eval --manifest`.
struct CorpusDegrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "degrade",
        abstract: "Write noisy, reverberant, band-limited and sped-up copies of a fold's test clips.",
        discussion: """
            For each degradation OUT/<name>/ gets the fold's test clips as 16-bit WAVs and a manifest.csv that \
            spokend eval --manifest reads; OUT/clean/ holds the untouched clips. Degradations: noise-20db and \
            noise-10db (pink noise at that SNR), reverb (0.5 s RT60), band-8khz (down to 8 kHz and back), \
            speed-0.9 and speed-1.1 (played slower or faster, pitch with it). Each clip's noise and room are seeded \
            from its path, so every run and every model gets the same copies.

            --split voices takes the held-out-voice folds: the test speakers share no espeak-ng voice variant with \
            any training speaker in any language (dealt with --seed, as spokend train --split voices does).

            Examples:
              spokend corpus degrade corpus --fold 0 --out degraded
              spokend corpus degrade corpus --split voices --fold 3 --out degraded-voices
              spokend eval Models/number.tflite --manifest degraded/noise-10db/manifest.csv
            """)

    @Argument(help: "The corpus folder (with manifest.csv and folds.json).") var corpus: String
    @Option(name: .customLong("out"), help: "The folder for the copies.") var output: String
    @Option(help: "The fold whose test clips are copied, 0-based.") var fold = 0
    @Option(help: "speakers: the corpus's folds.json; voices: held-out voice variants.")
    var split = SplitScheme.speakers
    @Option(help: "Seed that deals the held-out-voice folds.") var seed: UInt64 = 0
    @Option(help: "Worker threads.") var jobs = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let corpus = try TrainingCorpus(directory: URL(fileURLWithPath: corpus), scheme: split, seed: seed)
        let entries = try corpus.split(fold: fold, task: .language).test
        let copies = DegradedCopies()
        let unreadable = try copies.write(entries, of: corpus, to: URL(fileURLWithPath: output), jobs: jobs)
        for clip in unreadable {
            FileHandle.standardError.write(Data("skipped \(clip.path): \(clip.reason)\n".utf8))
        }
        print(
            "\(entries.count - unreadable.count) test clips of fold \(fold) (\(split.rawValue) split) × "
                + "\(copies.folders.count) versions → \(output)/{\(copies.folders.joined(separator: ","))}")
    }
}

extension SplitScheme: ExpressibleByArgument {}
