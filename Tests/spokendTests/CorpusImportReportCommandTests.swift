import Foundation
import SpokenAudio
import TestSupport
import Testing

@Suite("spokend corpus import / report")
struct CorpusImportReportCommandTests {
    /// A fake published SpokeN-100 with two speakers in two languages, four numbers each, and one stray file.
    static func fakeSpokeN100(at root: URL) throws {
        for (language, speakers) in [
            ("english_numbers", ["Jessie", "Nicole"]), ("mandarin_numbers", ["Jessie", "Nicole"]),
        ] {
            for (index, speaker) in speakers.enumerated() {
                let folder = root.appendingPathComponent("\(language)/\(speaker)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for number in [0, 7, 42, 99] {
                    let f0 = 120.0 + 80 * Double(index)
                    let samples = (0..<17_640).map { i -> Float in
                        let t = Double(i) / 44100
                        let envelope = sin(Double.pi * Double(i) / 17_640)
                        return Float(0.2 * envelope * (sin(2 * .pi * f0 * t) + 0.5 * sin(4 * .pi * f0 * t)))
                    }
                    try WAVFile(sampleRate: 44100, channelCount: 1, samples: samples, format: .pcm16)
                        .write(to: folder.appendingPathComponent("\(number).wav").path, as: .pcm16)
                }
            }
        }
        try Data("thumbnail".utf8).write(to: root.appendingPathComponent("english_numbers/Jessie/Thumbs.db"))
    }

    @Test("import a fake SpokeN-100, then report on it: one summary line each, files where the help says")
    func importThenReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-corpus-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("SpokeN-100")
        try Self.fakeSpokeN100(at: source)
        let corpus = directory.appendingPathComponent("corpus").path
        let imported = try SpokendProcess.run(["corpus", "import", source.path, "--out", corpus, "--jobs", "2"])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.hasPrefix("imported 16 clips (2 languages, 2 speakers) at 16000 Hz"))
        #expect(imported.standardOutput.contains("1 file was not imported"))
        for name in ["manifest.csv", "folds.json", "import-report.txt", "en/Jessie/42.wav", "zh/Nicole/99.wav"] {
            #expect(FileManager.default.fileExists(atPath: "\(corpus)/\(name)"), "\(name) missing")
        }
        let report = directory.appendingPathComponent("report").path
        let reported = try SpokendProcess.run(["corpus", "report", corpus, "--out", report, "--seed", "3"])
        #expect(reported.status == 0, "\(reported.standardError)")
        #expect(reported.standardOutput.hasPrefix("16 clips, 2 languages"))
        let markdown = try String(contentsOfFile: "\(report)/report.md", encoding: .utf8)
        for plot in ["durations.svg", "f0-languages.svg", "f0-speakers.svg", "embedding-umap.svg", "embedding-pca.svg"]
        {
            #expect(FileManager.default.fileExists(atPath: "\(report)/\(plot)") && markdown.contains("(\(plot))"))
        }
    }

    @Test("a missing source or corpus is one line on standard error and exit status 1")
    func errors() throws {
        for arguments in [
            ["corpus", "import", "/nonexistent/SpokeN-100", "--out", "/tmp/spokend-never"],
            ["corpus", "report", "/nonexistent/corpus", "--out", "/tmp/spokend-never"],
        ] {
            let result = try SpokendProcess.run(arguments)
            #expect(result.status == 1)
            #expect(
                result.standardError.hasPrefix("spokend: ") && result.standardError.split(separator: "\n").count == 1)
            #expect(result.standardError.contains("/nonexistent/"))
        }
    }
}
