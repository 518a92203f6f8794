import Foundation
import SpokenAudio

/// A short stream of spoken numbers in all four languages with pauses between them: what `spokend listen` plays on a
/// machine without a microphone, so a first run shows results anyway.
///
/// Synthesized with libespeak-ng (the corpus's first speaker of each language, through the corpus's own clip
/// processing: 16 kHz, silence trimmed) on first use and kept as a 16-bit WAV in the user's cache directory.
public enum DemoStream {
    /// What is said, in order.
    public static let script: [(language: Language, number: Int)] = [
        (.en, 42), (.de, 17), (.fr, 8), (.zh, 63), (.en, 5), (.de, 99), (.fr, 71), (.zh, 26),
    ]

    /// Silence before the first utterance and after each one, in seconds.
    public static let pause = 0.8

    /// One utterance of the stream: what was said and where, in seconds.
    public struct Item: Sendable, Equatable {
        public var language: Language
        public var number: Int
        public var start: Double
        public var end: Double
    }

    /// The stream's samples at `sampleRate` and where each utterance is.
    public static func synthesize(sampleRate: Int = 16000) throws(CorpusError) -> (samples: [Float], items: [Item]) {
        let synthesizer = try Synthesizer()
        let processor = try ClipProcessor(sampleRate: sampleRate)
        let silence = [Float](repeating: 0, count: Int(pause * Double(sampleRate)))
        var samples = silence
        var items: [Item] = []
        for (language, number) in script {
            let speaker = SpeakerRoster.speakers(language)[0]
            let clip = processor.samples(
                fromNative: try synthesizer.synthesize(String(number), settings: speaker.settings))
            let start = Double(samples.count) / Double(sampleRate)
            samples += clip
            items.append(
                Item(language: language, number: number, start: start, end: Double(samples.count) / Double(sampleRate)))
            samples += silence
        }
        return (samples, items)
    }

    /// The demo WAV in the cache (`$XDG_CACHE_HOME/spokend` or `~/.cache/spokend`), synthesized and written there
    /// atomically the first time.
    public static func cachedFile() throws(CorpusError) -> String {
        let environment = ProcessInfo.processInfo.environment
        let cache =
            environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        let directory = cache.appendingPathComponent("spokend")
        let path = directory.appendingPathComponent("demo-\(script.count).wav").path
        if FileManager.default.fileExists(atPath: path) { return path }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(.io, "cannot make \(directory.path) for the demo stream: \(error.localizedDescription)")
        }
        let (samples, _) = try synthesize()
        do {
            try WAVFile(sampleRate: 16000, channelCount: 1, samples: samples, format: .pcm16).write(
                to: path, as: .pcm16)
        } catch {
            throw CorpusError(.io, "cannot write the demo stream to \(path): \(error.detail)")
        }
        return path
    }
}
