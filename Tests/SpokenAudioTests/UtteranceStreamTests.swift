import Foundation
import SpokenDSP
import Testing

@testable import SpokenAudio

@Suite("UtteranceStream")
struct UtteranceStreamTests {
    static let espeak = ["/usr/bin/espeak-ng", "/usr/local/bin/espeak-ng"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// `text` said by espeak-ng's `voice`, at 16 kHz, cut to its sound with 50 ms on either side (as corpus clips
    /// are), and the sound's extent within the cut clip.
    static func say(_ text: String, voice: String) throws -> (clip: [Float], sound: Range<Int>) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-say-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: espeak!)
        process.arguments = ["-v", voice, "-w", path, text]
        try process.run()
        process.waitUntilExit()
        let samples = try WAVFile(contentsOf: path).mono().resampled(to: 16000).samples
        let peak = samples.map(abs).max() ?? 0
        let first = samples.firstIndex { abs($0) > peak / 50 } ?? 0
        let last = samples.lastIndex { abs($0) > peak / 50 } ?? 0
        let start = max(0, first - 800)
        let end = min(samples.count, last + 801)
        return (Array(samples[start..<end]), (first - start)..<(last + 1 - start))
    }

    @Test(
        "numbers said 0.2–1 s apart in four languages, with noise 20 dB below them: one utterance each, no other",
        .enabled(if: espeak != nil, "needs the espeak-ng program"))
    func precisionAndRecall() throws {
        let said = [
            ("7", "en"), ("42", "de"), ("93", "fr"), ("18", "cmn"), ("66", "en"), ("9", "de"), ("21", "fr"),
            ("5", "cmn"), ("13", "en"), ("70", "de"), ("3", "fr"), ("99", "cmn"),
        ]
        let pauses = [0.2, 0.5, 0.3, 0.8, 0.25, 0.6, 0.2, 0.4, 0.7, 0.3, 0.2, 1.0]
        var stream = [Float](repeating: 0, count: 16000)
        var truth: [Range<Int>] = []
        var speechPower: Float = 0
        for ((text, voice), pause) in zip(said, pauses) {
            let (clip, sound) = try Self.say(text, voice: voice)
            truth.append((stream.count + sound.lowerBound)..<(stream.count + sound.upperBound))
            speechPower += clip.reduce(0) { $0 + $1 * $1 }
            stream += clip + [Float](repeating: 0, count: Int(pause * 16000))
        }
        speechPower /= Float(truth.reduce(0) { $0 + $1.count })
        var random = SplitMix64(seed: 42)
        let deviation = (speechPower / 100).squareRoot() * 0.866
        let noisy = stream.map { sample in
            sample + (0..<4).reduce(Float(0)) { sum, _ in sum + Float.random(in: -1...1, using: &random) } * deviation
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-numbers-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: noisy).write(to: path, as: .pcm16)

        let source = try AudioSource(.file(path, realtime: false))
        try source.start()
        var found: [Range<Int>] = []
        try UtteranceStream(frontEnd: FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)).run(source) {
            if case .utterance(let utterance) = $0 { found.append(utterance.speechSamples) }
        }
        // One event per number: each found segment covers at least half of exactly one number's sound.
        let matches = found.map { segment in
            truth.indices.filter { segment.clamped(to: truth[$0]).count * 2 >= truth[$0].count }
        }
        #expect(found.count == truth.count)
        #expect(matches.map(\.count) == [Int](repeating: 1, count: found.count))
        #expect(Set(matches.flatMap { $0 }) == Set(truth.indices))
    }
}
