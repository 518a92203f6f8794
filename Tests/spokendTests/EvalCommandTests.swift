import Foundation
import SpokenCorpus
import TestSupport
import Testing

@Suite("spokend eval")
struct EvalCommandTests {
    /// The tiny models and a CSV of espeak-ng saying 42 in each language, one row pointing at a missing file.
    private func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-eval-\(UUID())")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("clips"), withIntermediateDirectories: true)
        try TinyModels.write(to: directory)
        let words = [
            ("en", "en", "forty two"), ("de", "de", "zweiundvierzig"), ("fr", "fr", "quarante-deux"),
            ("zh", "cmn", "四十二"),
        ]
        var csv = "path,language,number,speaker\n"
        for (language, voice, text) in words {
            try TinyModels.say(text, voice: voice, to: directory.appendingPathComponent("clips/\(language).wav").path)
            csv += "clips/\(language).wav,\(language),42,espeak-\(language)\n"
        }
        csv += "clips/missing.wav,de,7,me\n"
        try Data(csv.utf8).write(to: directory.appendingPathComponent("clips.csv"))
        return directory
    }

    @Test("a CSV of recordings: per-model accuracy, per language and speaker, unreadable rows listed, SVGs written")
    func manifest() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let models = ["language.tflite", "number.tflite"].map { directory.appendingPathComponent($0).path }
        let plots = directory.appendingPathComponent("plots")
        let csv = directory.appendingPathComponent("clips.csv").path
        let text = try SpokendProcess.run(["eval"] + models + ["--manifest", csv, "--confusion", plots.path])
        #expect(text.status == 1)
        #expect(text.standardOutput.hasPrefix("clips.csv: 5 clips, 1 unreadable"))
        #expect(text.standardOutput.contains("language.tflite (language): "))
        #expect(text.standardOutput.contains("number.tflite (number): "))
        #expect(text.standardOutput.contains("unreadable: clips/missing.wav: "))
        #expect(text.standardError == "spokend: 1 of 5 clips could not be read (listed above)\n")
        for name in ["language", "number"] {
            let svg = try String(contentsOf: plots.appendingPathComponent("\(name).confusion.svg"), encoding: .utf8)
            #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        }

        let json = try SpokendProcess.run(["eval", models[1], "--manifest", csv, "--json"])
        struct Report: Decodable {
            struct Tally: Decodable {
                var correct: Int
                var total: Int
            }
            struct Result: Decodable {
                var model: String
                var overall: Tally
                var perLanguage: [String: Tally]
                var perSpeaker: [String: Tally]
                var confusion: [[Int]]
            }
            var clips: Int
            var models: [Result]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(json.standardOutput.utf8))
        let number = try #require(report.models.first)
        #expect(report.clips == 5 && number.overall.total == 4)
        #expect(Set(number.perLanguage.keys) == ["en", "de", "fr", "zh"])
        #expect(number.perSpeaker["espeak-de"]?.total == 1)
        // Every readable clip is a 42: all four answers are in row 42 of the matrix.
        #expect(number.confusion[42].reduce(0, +) == 4)
        #expect(number.confusion[42][42] == number.overall.correct)
    }

    @Test("--corpus with --fold scores only that fold's test speakers, as folds.json names them")
    func corpusFold() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-eval-corpus-\(UUID())")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("clips"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try TinyModels.write(to: directory)
        let speakers: [Language: [String]] = [.en: ["en-a", "en-b"], .de: ["de-c", "de-d"]]
        var entries: [ManifestEntry] = []
        for (language, names) in speakers {
            for name in names {
                let path = "clips/\(name).wav"
                try TinyModels.say("7", voice: language.rawValue, to: directory.appendingPathComponent(path).path)
                entries.append(
                    ManifestEntry(
                        path: path, language: language, number: 7, speaker: name, sampleRate: 22050,
                        durationSeconds: 0.5))
            }
        }
        try CorpusManifest(entries: entries).write(to: directory.appendingPathComponent(CorpusManifest.fileName))
        let folds = try Folds.make(speakers: speakers, count: 2, seed: 1)
        try folds.write(to: directory.appendingPathComponent(Folds.fileName))

        struct Report: Decodable {
            struct Result: Decodable { var perSpeaker: [String: [String: Int]] }
            var clips: Int
            var models: [Result]
        }
        let number = directory.appendingPathComponent("number.tflite").path
        let all = try SpokendProcess.run(["eval", number, "--corpus", directory.path, "--json"])
        #expect(all.status == 0, "\(all.standardError)")
        #expect(try JSONDecoder().decode(Report.self, from: Data(all.standardOutput.utf8)).clips == 4)
        let fold = try SpokendProcess.run(["eval", number, "--corpus", directory.path, "--fold", "1", "--json"])
        #expect(fold.status == 0, "\(fold.standardError)")
        let report = try JSONDecoder().decode(Report.self, from: Data(fold.standardOutput.utf8))
        #expect(report.clips == 2)
        let tested = Set(folds.folds[1].test.values.flatMap { $0 })
        #expect(Set(report.models[0].perSpeaker.keys) == tested)
        let outside = try SpokendProcess.run(["eval", number, "--corpus", directory.path, "--fold", "2"])
        #expect(outside.status == 64 && outside.standardError.contains("--fold must be 0…1"))
    }

    @Test("clips come from exactly one of --corpus and --manifest")
    func usage() throws {
        let both = try SpokendProcess.run(["eval", "m.tflite", "--corpus", "c", "--manifest", "m.csv"])
        #expect(both.status == 64)
        let fold = try SpokendProcess.run(["eval", "m.tflite", "--manifest", "m.csv", "--fold", "1"])
        #expect(fold.status == 64 && fold.standardError.contains("--fold needs --corpus"))
    }
}
