import Foundation
import SpokenAudio
import TestSupport
import Testing

@testable import SpokenCorpus

/// End to end: the library's generator driving the `spokend` binary's hidden `corpus worker` processes.
@Suite("corpus generate", .serialized)
struct CorpusGeneratorTests {
    /// The `spokend` executable built beside the tests (`swift build --build-tests` builds both).
    static let binary: URL = {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("spokend")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return PythonReference.repositoryRoot.appendingPathComponent(".build/debug/spokend")
    }()

    static let tiny = GenerationOptions(languages: [.en, .zh], speakers: 2, numbers: Array(0...4), seed: 5)

    static func folder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(name)-\(UUID())")
    }

    static func generate(_ options: GenerationOptions = tiny, into folder: URL, jobs: Int = 2) throws
        -> GenerationSummary
    {
        try CorpusGenerator(options: options, jobs: jobs, worker: [binary.path, "corpus", "worker"])
            .run(output: folder, log: { _ in })
    }

    /// Every file under `folder`, by relative path, with its bytes.
    static func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test("a tiny corpus: every clip in its place, 16-bit mono 16 kHz, described by the manifest; folds hold")
    func tinyCorpus() throws {
        let folder = Self.folder("tiny")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try Self.generate(into: folder)
        #expect(summary.clips == 20 && summary.generated == 20)

        let manifest = try CorpusManifest(contentsOf: folder.appendingPathComponent(CorpusManifest.fileName))
        #expect(manifest.entries.count == 20)
        #expect(manifest == manifest.sorted)
        for language in [Language.en, .zh] {
            for speaker in SpeakerRoster.speakers(language).prefix(2) {
                for number in 0...4 {
                    let entry = try #require(
                        manifest.entries.first { $0.speaker == speaker.name && $0.number == number })
                    #expect(entry.path == "\(language.rawValue)/\(speaker.name)/\(number).wav")
                    #expect(entry.language == language && entry.settings == speaker.settings)
                    let clip = try WAVFile(contentsOf: folder.appendingPathComponent(entry.path).path)
                    #expect(clip.format == .pcm16 && clip.channelCount == 1 && clip.sampleRate == 16000)
                    #expect(abs(entry.durationSeconds - clip.duration) < 0.0001)
                    #expect((0.2...1.5).contains(clip.duration))
                    // Trimmed to 50 ms of margin: quiet at both ends, speech inside.
                    #expect(clip.samples.prefix(400).allSatisfy { abs($0) < 0.02 })
                    #expect(clip.samples.suffix(400).allSatisfy { abs($0) < 0.02 })
                    #expect(clip.samples.contains { abs($0) > 0.1 })
                }
            }
        }
        let voiced = manifest.entries.compactMap(\.f0Hz)
        #expect(voiced.count >= 15)
        #expect(voiced.allSatisfy { (50...300).contains($0) })

        let folds = try Folds(contentsOf: folder.appendingPathComponent(Folds.fileName))
        #expect(folds.folds.count == 2)
        for language in [Language.en, .zh] {
            let names = SpeakerRoster.speakers(language).prefix(2).map(\.name)
            #expect(folds.speakers[language] == names)
            for name in names {
                #expect(folds.folds.filter { $0.test[language]!.contains(name) }.count == 1)
            }
            for fold in folds.folds {
                #expect(Set(fold.test[language]!).isDisjoint(with: fold.validation[language]!))
            }
        }
    }

    @Test("extra speakers are synthesized and listed in the manifest, but in no fold")
    func extraSpeakers() throws {
        let folder = Self.folder("extra")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = GenerationOptions(languages: [.de], speakers: 2, extraSpeakers: 1, numbers: [7], seed: 5)
        #expect(try Self.generate(options, into: folder).clips == 3)
        let manifest = try CorpusManifest(contentsOf: folder.appendingPathComponent(CorpusManifest.fileName))
        #expect(manifest.entries.map(\.speaker) == ["de01", "de02", "de33"])
        #expect(manifest.entries.last?.settings?.variant == SpeakerRoster.extraVariants[0])
        let folds = try Folds(contentsOf: folder.appendingPathComponent(Folds.fileName))
        #expect(folds.speakers[.de] == ["de01", "de02"])
        // Without extra speakers the options file stays as it was before they existed.
        options.extraSpeakers = nil
        let written = try JSONEncoder().encode(options)
        #expect(!String(decoding: written, as: UTF8.self).contains("extra"))
        #expect(throws: CorpusError.self) {
            try GenerationOptions(languages: [.de], speakers: 2, extraSpeakers: 33).validate()
        }
    }

    @Test("the same seed gives byte-identical corpora with one worker or two")
    func deterministic() throws {
        let one = Self.folder("one")
        let two = Self.folder("two")
        defer {
            try? FileManager.default.removeItem(at: one)
            try? FileManager.default.removeItem(at: two)
        }
        _ = try Self.generate(into: one, jobs: 1)
        _ = try Self.generate(into: two, jobs: 2)
        let first = try Self.tree(one)
        #expect(first.count == 20 + 3)
        #expect(first == (try Self.tree(two)))
    }

    @Test("an interrupted run leaves temporary files, missing and damaged clips; the rerun repairs them")
    func resumeAfterDamage() throws {
        let clean = Self.folder("clean")
        let broken = Self.folder("broken")
        defer {
            try? FileManager.default.removeItem(at: clean)
            try? FileManager.default.removeItem(at: broken)
        }
        _ = try Self.generate(into: clean)
        _ = try Self.generate(into: broken)
        let manager = FileManager.default
        try manager.removeItem(at: broken.appendingPathComponent(CorpusManifest.fileName))
        try manager.removeItem(at: broken.appendingPathComponent("en/en02"))
        try manager.removeItem(at: broken.appendingPathComponent("zh/zh01/3.wav"))
        try Data(count: 30).write(to: broken.appendingPathComponent("zh/zh01/.3.wav.tmp"))
        let damaged = broken.appendingPathComponent("en/en01/1.wav")
        try Data(try Data(contentsOf: damaged).prefix(200)).write(to: damaged)

        let summary = try Self.generate(into: broken)
        #expect(summary.generated == 6 && summary.replaced == 1 && summary.reused == 13)
        #expect(try Self.tree(broken) == (try Self.tree(clean)))
    }

    @Test("a run killed mid-way completes when run again, byte-identical to an uninterrupted one")
    func resumeAfterKill() throws {
        let options = GenerationOptions(languages: [.de], speakers: 2, numbers: Array(0...19), seed: 9)
        let clean = Self.folder("uninterrupted")
        let killed = Self.folder("killed")
        defer {
            try? FileManager.default.removeItem(at: clean)
            try? FileManager.default.removeItem(at: killed)
        }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            "corpus", "generate", "--out", killed.path, "--languages", "de", "--speakers", "2", "--numbers", "0-19",
            "--seed", "9", "--jobs", "2",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait (bounded) for the first finished clips, then kill the generator; its workers die of the broken pipe.
        let deadline = Date().addingTimeInterval(60)
        let first = killed.appendingPathComponent("de/de01/3.wav")
        while !FileManager.default.fileExists(atPath: first.path) && Date() < deadline && process.isRunning {
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = try Self.tree(killed).keys.filter { $0.hasSuffix(".wav") && !$0.contains("/.") }
        #expect(!partial.isEmpty)
        #expect(partial.count < 40)
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent(CorpusManifest.fileName).path))

        let resumed = try Self.generate(options, into: killed)
        #expect(resumed.clips == 40 && resumed.reused >= partial.count)
        _ = try Self.generate(options, into: clean)
        #expect(try Self.tree(killed) == (try Self.tree(clean)))
    }

    /// Runs the binary; returns its exit status and standard error.
    static func spokend(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("bad input: one clear line, a non-zero status, and nothing already written is touched")
    func badInput() throws {
        let folder = Self.folder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.generate(into: folder)
        let before = try Self.tree(folder)
        let common = ["corpus", "generate", "--out", folder.path, "--speakers", "2", "--numbers", "0-4"]
        let cases: [([String], String)] = [
            (common + ["--languages", "en,xx"], "spokend: unknown language 'xx'"),
            (common + ["--languages", "en,zh", "--seed", "6"], "holds a corpus generated with other options"),
            (common + ["--languages", "en", "--speakers", "40"], "--speakers 40: choose 1 to 32"),
            (["corpus", "generate", "--out", folder.appendingPathComponent("manifest.csv/sub").path], "cannot create"),
            (["corpus", "generate", "--out", "/proc/spokend-corpus"], "cannot create /proc/spokend-corpus"),
        ]
        for (arguments, message) in cases {
            let (status, text) = try Self.spokend(arguments)
            #expect(status != 0)
            #expect(text.hasPrefix("spokend: ") && text.contains(message), "\(arguments): \(text)")
            #expect(text.split(separator: "\n").count == 1, "\(text)")
        }
        #expect(try Self.tree(folder) == before)
    }

    @Test("a worker that cannot speak fails with espeak-ng's complaint, and the generator passes it on in one line")
    func workerFailure() throws {
        let folder = Self.folder("worker")
        defer { try? FileManager.default.removeItem(at: folder) }
        let speaker = Speaker(name: "xx01", language: .en, settings: VoiceSettings(voice: "en", variant: "m99"))
        let job = SpeakerJob(speaker: speaker, numbers: [1], sampleRate: 16000, seed: 0, directory: folder.path)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["corpus", "worker"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: JSONEncoder().encode(job))
        try input.fileHandleForWriting.close()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text.hasPrefix("spokend: unknown espeak-ng voice variant 'm99'"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("en/xx01/1.wav").path))

        // The generator's own view of a failing worker: a worker command that exits 1 with a message.
        let failing = CorpusGenerator(
            options: GenerationOptions(languages: [.en], speakers: 1, numbers: [0]), jobs: 1,
            worker: ["/bin/sh", "-c", "cat >/dev/null; echo 'spokend: no voice here' >&2; exit 1"])
        #expect {
            try failing.run(output: folder, log: { _ in })
        } throws: { error in
            "\(error)" == "worker for en/en01 failed (status 1): no voice here"
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(CorpusManifest.fileName).path))
    }
}
