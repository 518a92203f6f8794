import Foundation
import SpokenAudio
import TestSupport
import Testing

@Suite("spokend segments and devices")
struct SegmentsCommandTests {
    /// 0.5 s of silence, two 0.6 s vowels 0.4 s apart, 0.5 s of silence; and where the vowels are, in seconds.
    static let audio: [Float] = {
        let silence = [Float](repeating: 0, count: 8000)
        let vowel = SyntheticSpeech.vowel(seconds: 0.6)
        return silence + vowel + [Float](repeating: 0, count: 6400) + vowel + silence
    }()
    static let truth = [(0.5, 1.1), (1.5, 2.1)]

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("spokend-\(UUID())-\(name)")
    }

    /// The `utterance` objects of `--json` output.
    static func utterances(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String == "utterance" ? object : nil
        }
    }

    @Test("a WAV file: one JSON line per utterance where the sounds are, announced by a speech line")
    func wavFile() throws {
        let wav = Self.temporary("two.wav")
        defer { try? FileManager.default.removeItem(at: wav) }
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: Self.audio).write(to: wav.path, as: .pcm16)
        let run = try SpokendProcess.run(["segments", wav.path, "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.count == 4 && lines[0].contains("\"speech\"") && lines[2].contains("\"speech\""))
        let found = try Self.utterances(run.standardOutput)
        #expect(found.count == 2)
        for (utterance, (start, end)) in zip(found, Self.truth) {
            #expect(abs((utterance["start"] as? Double ?? 0) - start) < 0.05)
            #expect(abs((utterance["end"] as? Double ?? 0) - end) < 0.05)
        }

        let text = try SpokendProcess.run(["segments", wav.path])
        #expect(text.standardOutput.hasSuffix("2 utterance(s) in 2.60 s of audio\n"))
    }

    @Test("raw S16_LE on standard input (segments -) gives what the same audio as a WAV file gives")
    func standardInput() throws {
        let wav = Self.temporary("two.wav")
        let raw = Self.temporary("two.raw")
        defer {
            try? FileManager.default.removeItem(at: wav)
            try? FileManager.default.removeItem(at: raw)
        }
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: Self.audio).write(to: wav.path, as: .pcm16)
        let bytes = try WAVFile(sampleRate: 16000, channelCount: 1, samples: Self.audio).encoded(as: .pcm16)
        try Data(bytes.dropFirst(44)).write(to: raw)
        let fromFile = try SpokendProcess.run(["segments", wav.path, "--json"])
        let fromPipe = try SpokendProcess.run(["segments", "-", "--json"], standardInput: raw)
        #expect(fromPipe.status == 0, "\(fromPipe.standardError)")
        #expect(fromPipe.standardOutput == fromFile.standardOutput)
    }

    @Test("a capture device that does not exist: one line naming it, exit status 1")
    func missingDevice() throws {
        let run = try SpokendProcess.run(["segments", "--device", "spokend_no_such_device"])
        #expect(run.status == 1)
        #expect(
            run.standardError
                == "spokend: cannot open capture device 'spokend_no_such_device': Unknown PCM spokend_no_such_device\n")
    }

    @Test("spokend devices lists the capture PCMs of the ALSA configuration with their descriptions")
    func devices() throws {
        let name = try ALSATestDevices.device(playing: [0])
        let run = try SpokendProcess.run(["devices"])
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex(of: name))
        #expect(lines[index + 1].hasPrefix("    \(ALSATestDevices.description)"))
    }
}
