import Foundation
import TestSupport
import Testing

@Suite("spokend train")
struct TrainCommandTests {
    /// A folder with a manifest of one English clip: enough to be read, too little to train a language model on.
    static func oneLanguageCorpus() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-train-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifest = """
            path,language,number,speaker,sample_rate,duration_s,f0_hz,voice,variant,pitch,range,rate,word_gap
            en/en01/0.wav,en,0,en01,16000,0.5000,,en-us,m1,30,35,139,1
            en/en02/0.wav,en,0,en02,16000,0.5000,,en-us,f1,30,35,139,1
            en/en03/0.wav,en,0,en03,16000,0.5000,,en-us,m2,30,35,139,1

            """
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.csv"))
        let folds = """
            {"speakers": {"en": ["en01", "en02", "en03"]},
             "folds": [{"test": {"en": ["en01"]}, "validation": {"en": ["en02"]}},
                       {"test": {"en": ["en02"]}, "validation": {"en": ["en03"]}},
                       {"test": {"en": ["en03"]}, "validation": {"en": ["en01"]}}]}
            """
        try Data(folds.utf8).write(to: folder.appendingPathComponent("folds.json"))
        return folder
    }

    @Test("a class without training clips is one error line before any work, and nothing is written")
    func emptyClassFailsFirst() throws {
        let corpus = try Self.oneLanguageCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let output = corpus.appendingPathComponent("language.tflite").path
        // The clips do not exist: had any feature been computed, the missing audio would have been reported first.
        let result = try SpokendProcess.run([
            "train", "--corpus", corpus.path, "--task", "language", "--arch", "tiny", "--out", output,
            "--cache", corpus.appendingPathComponent("cache").path,
        ])
        #expect(result.status == 1)
        #expect(result.standardError == "spokend: fold 0: language classes de, fr, zh have no training clips\n")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: corpus.appendingPathComponent("cache").path))
    }

    @Test("an architecture that is neither a preset nor a file is one error line")
    func unknownArchitecture() throws {
        let corpus = try Self.oneLanguageCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let result = try SpokendProcess.run([
            "train", "--corpus", corpus.path, "--task", "number", "--arch", "nosuch", "--out", "x.tflite",
        ])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("spokend: --arch nosuch is neither a preset (tiny, dscnn, cnn2d)"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
