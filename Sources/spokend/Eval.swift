import ArgumentParser
import Foundation
import SpokenCorpus
import SpokenNN
import SpokenRecognition
import SpokenTrain

/// `spokend eval`: how well models answer a corpus fold or any list of labelled recordings.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure models on labelled clips: accuracy overall, per language, per speaker; confusions.",
        discussion: """
            Each model is scored on its own task: a language model (labels en,de,fr,zh) against the clips' \
            languages, a number model (labels 0…99) against their numbers. Each clip is mixed down to mono and its \
            silence trimmed as the corpus trims its clips (so a corpus clip gives the features training saw), then \
            run through the model's own front end and int8 interpreter.

            The clips come from a corpus (--corpus DIR: its manifest.csv; with --fold K only that fold's test \
            speakers, as folds.json says) or from any CSV (--manifest FILE) with a header and at least the columns \
            path, language (en/de/fr/zh) and number (0–99), optionally speaker; paths are relative to the CSV's \
            folder. So you can test the models on your own recordings:
              path,language,number,speaker
              me/zweiundvierzig.wav,de,42,me

            A clip that cannot be read is listed and left out; the exit status is then 1 after the report. \
            With --json each model's result also lists every clip's answer with all class probabilities \
            (clipAnswers), to score the clips another way without running the models again.

            Examples:
              spokend eval Models/language.tflite Models/number.tflite --corpus corpus --fold 0
              spokend eval Models/number.tflite --manifest my-recordings.csv --confusion plots/
              spokend eval Models/number.tflite --corpus corpus --json | jq '.models[0].overall'
              spokend eval Models/number.tflite --manifest my-recordings.csv --json | jq '.models[0].clipAnswers[0]'
            """)

    @Argument(help: "One or more spokend models (.tflite with spokend metadata).")
    var models: [String]

    @Option(help: "A corpus folder (manifest.csv, folds.json).")
    var corpus: String?

    @Option(help: "A CSV of clips: path, language, number[, speaker].")
    var manifest: String?

    @Option(help: "With --corpus: only the test speakers of this fold.")
    var fold: Int?

    @Option(help: "Write each model's confusion matrix as <DIR>/<model>.confusion.svg.")
    var confusion: String?

    @Option(help: "Device profile whose arena the models are loaded in: nrf52840, cortex-m4, or a JSON file.")
    var profile = "nrf52840"

    @Flag(help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        guard (corpus == nil) != (manifest == nil) else {
            throw ValidationError("give exactly one of --corpus DIR and --manifest CSV")
        }
        if fold != nil && corpus == nil { throw ValidationError("--fold needs --corpus") }
    }

    func run() throws {
        let device = try DeviceProfile.named(profile)
        let loaded = try models.map { try RecognitionModel(path: $0, profile: device) }
        let (clips, root, name) = try self.clips()
        let evaluation = try Evaluation(name: name, models: loaded, clips: clips) { clip in
            try TrimmedRecording(
                path: clip.path.hasPrefix("/") ? clip.path : root.appendingPathComponent(clip.path).path)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(evaluation), as: UTF8.self))
        } else {
            print(evaluation.table())
        }
        if let confusion {
            let directory = URL(fileURLWithPath: confusion)
            for result in evaluation.models {
                let file = directory.appendingPathComponent(
                    URL(fileURLWithPath: result.model).deletingPathExtension().lastPathComponent + ".confusion.svg")
                do {
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    try evaluation.confusionSVG(result).write(to: file, atomically: true, encoding: .utf8)
                } catch {
                    throw RecognitionError(.unreadableInput, "cannot write \(file.path): \(error.localizedDescription)")
                }
            }
        }
        if !evaluation.unreadable.isEmpty {
            throw RecognitionError(
                .unreadableInput,
                "\(evaluation.unreadable.count) of \(evaluation.clips) clips could not be read (listed above)")
        }
    }

    /// The clips to evaluate, the folder their paths are relative to, and a name for the set.
    private func clips() throws -> ([LabeledClip], URL, String) {
        if let manifest {
            let url = URL(fileURLWithPath: manifest)
            return (try LabeledClip.list(contentsOf: url), url.deletingLastPathComponent(), url.lastPathComponent)
        }
        let root = URL(fileURLWithPath: corpus!)
        let entries = try CorpusManifest(contentsOf: root.appendingPathComponent(CorpusManifest.fileName)).entries
        guard let fold else { return (entries.map(LabeledClip.init), root, root.lastPathComponent) }
        let folds = try Folds(contentsOf: root.appendingPathComponent(Folds.fileName))
        guard folds.folds.indices.contains(fold) else {
            throw ValidationError("--fold must be 0…\(folds.folds.count - 1), not \(fold)")
        }
        let test = folds.folds[fold].test
        let clips = entries.filter { test[$0.language]?.contains($0.speaker) == true }.map(LabeledClip.init)
        return (clips, root, "\(root.lastPathComponent) fold \(fold) test speakers")
    }
}
