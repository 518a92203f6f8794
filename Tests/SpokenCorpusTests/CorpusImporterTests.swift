import Foundation
import SpokenAudio
import Testing

@testable import SpokenCorpus

/// A fake SpokeN-100 tree in a temporary folder: 44.1 kHz harmonic tones named like the published files, plus
/// whatever strays a test adds.
private struct FakeSpokeN100 {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-import-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A 0.3 s harmonic tone at `f0` Hz, 44.1 kHz 16-bit, `channels` channels, at `path` under the root, with
    /// `silence` seconds of zeros before and after it.
    func clip(_ path: String, f0: Double, channels: Int = 1, silence: Double = 0) throws {
        let count = 13_230
        let padding = [Float](repeating: 0, count: Int(silence * 44100) * channels)
        var samples = padding
        samples.reserveCapacity(count * channels + 2 * padding.count)
        for i in 0..<count {
            let t = Double(i) / 44100
            let envelope = sin(Double.pi * Double(i) / Double(count))
            let value = (1...5).reduce(0.0) { $0 + sin(2 * Double.pi * f0 * Double($1) * t) / Double($1) }
            for _ in 0..<channels { samples.append(Float(0.25 * envelope * value)) }
        }
        samples += padding
        try file(path, Data())
        try WAVFile(sampleRate: 44100, channelCount: channels, samples: samples, format: .pcm16)
            .write(to: root.appendingPathComponent(path).path, as: .pcm16)
    }

    func file(_ path: String, _ contents: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite("CorpusImporter")
struct CorpusImporterTests {
    @Test("imports the published layout, resampled with F0, and lists every file it did not import")
    func publishedLayout() throws {
        let fake = try FakeSpokeN100()
        defer { fake.remove() }
        let f0 = ["Jessie": 210.0, "Nicole": 125.0]
        for language in ["english_numbers", "german_numbers"] {
            for (speaker, pitch) in f0 {
                for number in 0..<3 { try fake.clip("src/\(language)/\(speaker)/\(number).wav", f0: pitch) }
            }
        }
        try fake.clip("src/english_numbers/Jessie/01.wav", f0: 210)  // a second 1
        try fake.clip("src/english_numbers/Jessie/100.wav", f0: 210)  // not 0–99
        try fake.file("src/english_numbers/Jessie/notes.txt", Data("hello".utf8))
        try fake.file("src/english_numbers/README.md", Data("# numbers".utf8))
        try fake.file("src/german_numbers/Nicole/2.wav", Data("RIFF\u{10}\0\0\0WAVEgarbage".utf8))  // corrupt
        try fake.file("src/LICENSE", Data("CC BY".utf8))
        let out = fake.root.appendingPathComponent("out")
        let report = try CorpusImporter(jobs: 2).run(source: fake.root.appendingPathComponent("src"), output: out)

        #expect(report.imported == 11)
        let manifest = try CorpusManifest(contentsOf: out.appendingPathComponent(CorpusManifest.fileName))
        #expect(manifest.entries.count == 11)
        #expect(!manifest.entries.contains { $0.language == .de && $0.speaker == "Nicole" && $0.number == 2 })
        for entry in manifest.entries {
            let audio = try WAVFile(contentsOf: out.appendingPathComponent(entry.path).path)
            #expect(audio.sampleRate == 16000 && audio.channelCount == 1 && audio.format == .pcm16)
            // resample_poly's length: ⌈13230 · 160 / 441⌉.
            #expect(audio.frameCount == 4800)
            #expect(abs(entry.durationSeconds - 0.3) < 1e-9)
            let expected = f0[entry.speaker]!
            let measured = try #require(entry.f0Hz)
            #expect(abs(measured - expected) / expected < 0.02, "\(entry.path): \(measured) Hz")
        }
        #expect(manifest.entries.first?.path == "en/Jessie/0.wav")

        let paths = Set(report.rejected.map(\.path))
        #expect(
            paths == [
                "english_numbers/Jessie/01.wav", "english_numbers/Jessie/100.wav", "english_numbers/Jessie/notes.txt",
                "english_numbers/README.md", "german_numbers/Nicole/2.wav", "LICENSE",
            ])
        let corrupt = try #require(report.rejected.first { $0.path == "german_numbers/Nicole/2.wav" })
        #expect(corrupt.reason.contains("cannot be read"))
        let written = try String(contentsOf: out.appendingPathComponent(ImportReport.fileName), encoding: .utf8)
        for path in paths { #expect(written.contains(path)) }
        #expect(report.summary.contains("6 files were not imported"))
        #expect(report.missing.first { $0.language == .de && $0.speaker == "Nicole" }?.numbers == [2] + Array(3...99))

        // The paper's folds: Jessie is tested in fold 1, Nicole in fold 2, each validating on the other.
        let folds = try Folds(contentsOf: out.appendingPathComponent(Folds.fileName))
        #expect(folds.folds.count == 2)
        #expect(folds.folds[0].test[.en] == ["Jessie"] && folds.folds[0].validation[.en] == ["Nicole"])
        #expect(folds.folds[1].test[.de] == ["Nicole"] && folds.folds[1].validation[.de] == ["Jessie"])
        #expect(report.foldsOrigin.contains("reference"))
    }

    @Test("accepts a wrapper folder, other folder names, any case, zero padding and stereo")
    func variants() throws {
        let fake = try FakeSpokeN100()
        defer { fake.remove() }
        try fake.clip("SpokeN-100/English/jessie/007.WAV", f0: 180, channels: 2)
        try fake.clip("SpokeN-100/de/EMILY/7.wav", f0: 150)
        try fake.clip("SpokeN-100/French-Numbers/Gigi/42.wav", f0: 150)
        try fake.clip("SpokeN-100/cmn/Charlotte/99.wav", f0: 150)
        try fake.file("SpokeN-100/klingon_numbers/Worf/1.wav", Data())
        try fake.file("checksums.txt", Data())
        let out = fake.root.appendingPathComponent("out")
        let report = try CorpusImporter(jobs: 1).run(source: fake.root, output: out)
        let manifest = try CorpusManifest(contentsOf: out.appendingPathComponent(CorpusManifest.fileName))
        #expect(
            manifest.entries.map(\.path) == [
                "en/Jessie/7.wav", "de/Emily/7.wav", "fr/Gigi/42.wav", "zh/Charlotte/99.wav",
            ]
        )
        #expect(Set(report.rejected.map(\.path)) == ["SpokeN-100/klingon_numbers/Worf/1.wav", "checksums.txt"])
        let stereo = try #require(manifest.entries.first)
        #expect(abs(try #require(stereo.f0Hz) - 180) < 3)
    }

    @Test("speakers that are not SpokeN-100's get folds dealt by seed")
    func unknownSpeakers() throws {
        let fake = try FakeSpokeN100()
        defer { fake.remove() }
        for speaker in ["Ann", "Bob", "Cid"] { try fake.clip("en/\(speaker)/1.wav", f0: 120) }
        let out = fake.root.appendingPathComponent("out")
        let report = try CorpusImporter(jobs: 2).run(source: fake.root, output: out)
        #expect(report.foldsOrigin.contains("seed"))
        let folds = try Folds(contentsOf: out.appendingPathComponent(Folds.fileName))
        #expect(folds.folds.count == 3)
    }

    @Test("another synthesizer's clips join a corpus trimmed, named and in no fold; the corpus is otherwise kept")
    func synthesizerJoinsCorpus() throws {
        let fake = try FakeSpokeN100()
        defer { fake.remove() }
        for speaker in ["Ann", "Bob"] { try fake.clip("rec/en/\(speaker)/1.wav", f0: 120) }
        let out = fake.root.appendingPathComponent("out")
        _ = try CorpusImporter(jobs: 1).run(source: fake.root.appendingPathComponent("rec"), output: out)
        let manifestURL = out.appendingPathComponent(CorpusManifest.fileName)
        let foldsURL = out.appendingPathComponent(Folds.fileName)
        let before = try CorpusManifest(contentsOf: manifestURL)
        let folds = try Data(contentsOf: foldsURL)
        for language in ["en", "de"] {
            for number in [7, 42] { try fake.clip("tts/\(language)/pj00/\(number).wav", f0: 150, silence: 0.5) }
        }
        let importer = CorpusImporter(jobs: 2, synthesizer: "piper:test-voice")
        let report = try importer.run(source: fake.root.appendingPathComponent("tts"), output: out)
        #expect(report.imported == 4)
        #expect(report.foldsOrigin.contains("no fold"))
        let after = try CorpusManifest(contentsOf: manifestURL)
        #expect(after.entries.filter { $0.synthesizer == nil } == before.entries)
        let added = after.entries.filter { $0.synthesizer == "piper:test-voice" }
        #expect(added.map(\.path).sorted() == ["de/pj00/42.wav", "de/pj00/7.wav", "en/pj00/42.wav", "en/pj00/7.wav"])
        #expect(try Data(contentsOf: foldsURL) == folds)
        // 1.3 s in: the 0.3 s tone, its last 20 ms window and 50 ms either side are kept.
        for entry in added {
            #expect(entry.durationSeconds > 0.36 && entry.durationSeconds < 0.44, "\(entry.durationSeconds) s")
            let clip = try WAVFile(contentsOf: out.appendingPathComponent(entry.path).path)
            #expect(abs(Double(clip.frameCount) / 16000 - entry.durationSeconds) < 1e-4)
        }

        let again = #expect(throws: CorpusError.self) {
            try importer.run(source: fake.root.appendingPathComponent("tts"), output: out)
        }
        #expect(again?.detail.contains("already has a speaker de/pj00") == true)
        let rate = #expect(throws: CorpusError.self) {
            try CorpusImporter(sampleRate: 8000, jobs: 1, synthesizer: "piper:test-voice")
                .run(source: fake.root.appendingPathComponent("tts"), output: out)
        }
        #expect(rate?.detail.contains("at 16000 Hz") == true)
        for reserved in ["flite:kal", "Festival"] {
            let refused = #expect(throws: CorpusError.self) {
                try CorpusImporter(jobs: 1, synthesizer: reserved)
                    .run(source: fake.root.appendingPathComponent("tts"), output: fake.root.appendingPathComponent("x"))
            }
            #expect(refused?.detail.contains("independent check") == true)
        }
        #expect(try CorpusManifest(contentsOf: manifestURL) == after)
    }

    @Test("a missing source, a source without language folders and an unwritable output are one clear error each")
    func badInput() throws {
        let fake = try FakeSpokeN100()
        defer { fake.remove() }
        let importer = CorpusImporter(jobs: 1)
        let out = fake.root.appendingPathComponent("out")
        #expect(throws: CorpusError.self) {
            try importer.run(source: fake.root.appendingPathComponent("nope"), output: out)
        }
        try fake.file("flat/1.wav", Data())
        let error = #expect(throws: CorpusError.self) {
            try importer.run(source: fake.root.appendingPathComponent("flat"), output: out)
        }
        #expect(error?.detail.contains("no language folders") == true)
        try fake.clip("good/english_numbers/Jessie/1.wav", f0: 200)
        try fake.file("blocker", Data())
        let blocked = #expect(throws: CorpusError.self) {
            try importer.run(
                source: fake.root.appendingPathComponent("good"),
                output: fake.root.appendingPathComponent("blocker/out"))
        }
        #expect(blocked?.code == .io)
        // Nothing importable: the report is still written and the error points to it.
        try fake.file("junk/english_numbers/Jessie/one.wav", Data())
        let nothing = #expect(throws: CorpusError.self) {
            try importer.run(source: fake.root.appendingPathComponent("junk"), output: out)
        }
        #expect(nothing?.detail.contains(ImportReport.fileName) == true)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(ImportReport.fileName).path))
    }

    @Test(
        "folder names map to languages",
        arguments: [
            ("english_numbers", Language.en), ("ENGLISH", .en), ("en", .en), ("German-Numbers", .de), ("deutsch", .de),
            ("french numbers", .fr), ("fr", .fr), ("mandarin_numbers", .zh), ("cmn", .zh), ("Chinese", .zh),
        ])
    func folderNames(name: String, language: Language) {
        #expect(Language(folderName: name) == language)
    }

    @Test("the reference folds put each SpokeN-100 speaker in the paper's fold")
    func referenceFolds() throws {
        let everyone = SpokeN100Folds.testSpeakers.flatMap { $0 }
        #expect(Set(everyone).count == 32)
        let folds = try #require(
            SpokeN100Folds.folds(speakers: Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, everyone) })))
        #expect(folds.folds.count == 8)
        #expect(folds.folds[7].test[.zh] == ["Freya", "Mimi", "Elli", "Domi"])
        #expect(folds.folds[7].validation[.zh] == ["Jessie", "Emily", "Gigi", "Charlotte"])
        #expect(Language(folderName: "klingon") == nil)
        #expect(SpokeN100Folds.canonicalName("GIOVANNI") == "Giovanni")
    }
}
