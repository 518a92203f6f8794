import Foundation
import SpokenAudio
import SpokenDSP

/// One speaker's share of a corpus, done by one worker process: every number, synthesized in order, written as
/// `DIR/<language>/<speaker>/<number>.wav`.
///
/// Why a process per speaker: espeak-ng keeps state from one utterance to the next that its API cannot reset (the
/// pitch flutter's phase, an automatic gain), so a clip depends on everything the process said before it. A fresh
/// process that says 0, 1, 2, … up to the largest number asked for makes each clip depend only on its speaker,
/// number and the seed — not on `--jobs`, on the other speakers, on `--numbers`' smaller members being left out, or
/// on an earlier interrupted run.
///
/// Resuming: a clip is written to `.<number>.wav.tmp` and renamed, so a final name always holds a whole file; leftover
/// temporary files are deleted. An existing clip is kept if it reads as 16-bit mono WAV at the corpus rate; one that
/// does not (damaged after the fact) is synthesized again and replaced, and reported as `replaced` with the reason.
/// To keep espeak-ng's state as in a fresh run, the job still synthesizes (without writing) the numbers before the
/// last clip it has to write.
public struct SpeakerJob: Codable, Hashable, Sendable {
    public var speaker: Speaker
    /// Ascending numbers to write.
    public var numbers: [Int]
    public var sampleRate: Int
    public var seed: UInt64
    /// The corpus folder.
    public var directory: String

    public init(speaker: Speaker, numbers: [Int], sampleRate: Int, seed: UInt64, directory: String) {
        self.speaker = speaker
        self.numbers = numbers
        self.sampleRate = sampleRate
        self.seed = seed
        self.directory = directory
    }

    /// The clip's path relative to the corpus folder.
    public func path(of number: Int) -> String { "\(speaker.language.rawValue)/\(speaker.name)/\(number).wav" }

    /// Makes the speaker's missing clips and reports every clip, in no particular order.
    public func run(report: (ClipReport) -> Void) throws(CorpusError) {
        let root = URL(fileURLWithPath: directory)
        let folder = root.appendingPathComponent("\(speaker.language.rawValue)/\(speaker.name)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(.io, "cannot create \(folder.path): \(error.localizedDescription)")
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(".") && name.hasSuffix(".wav.tmp") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        let processor = try ClipProcessor(sampleRate: sampleRate)
        var kept: [Int: WAVFile] = [:]
        var damaged: [Int: String] = [:]
        for number in numbers {
            let file = root.appendingPathComponent(path(of: number)).path
            guard FileManager.default.fileExists(atPath: file) else { continue }
            do {
                let clip = try WAVFile(contentsOf: file)
                guard clip.format == .pcm16, clip.channelCount == 1, clip.sampleRate == sampleRate, clip.frameCount > 0
                else {
                    damaged[number] =
                        "\(file) is \(clip.format.rawValue), \(clip.channelCount) channel(s), \(clip.sampleRate) Hz, "
                        + "\(clip.frameCount) frames instead of 16-bit PCM mono at \(sampleRate) Hz"
                    continue
                }
                kept[number] = clip
            } catch {
                damaged[number] = error.detail
            }
        }
        if let last = numbers.last(where: { kept[$0] == nil }) {
            let synthesizer = try Synthesizer()
            guard synthesizer.sampleRate == Synthesizer.nativeSampleRate else {
                throw CorpusError(.synthesis, "espeak-ng speaks at \(synthesizer.sampleRate) Hz, not 22,050 Hz")
            }
            let wanted = Set(numbers)
            for number in 0...last {
                let native = try synthesizer.synthesize(
                    String(number), settings: speaker.settings, noiseSeed: noiseSeed(number))
                guard wanted.contains(number), kept[number] == nil else { continue }
                let samples = processor.samples(fromNative: native)
                try write(processor.encode(samples), to: root.appendingPathComponent(path(of: number)), number: number)
                let entry = processor.entry(for: speaker, number: number, path: path(of: number), samples: samples)
                report(
                    ClipReport(
                        entry: entry, origin: damaged[number] == nil ? .generated : .replaced, reason: damaged[number]))
            }
        }
        for (number, clip) in kept.sorted(by: { $0.key < $1.key }) {
            report(
                ClipReport(
                    entry: processor.entry(for: speaker, number: number, path: path(of: number), samples: clip.samples),
                    origin: .reused))
        }
    }

    /// The seed of the C library's `rand()` for one clip (the Klatt voices' noise), from the corpus seed, the
    /// speaker and the number, so it never depends on what was synthesized before.
    func noiseSeed(_ number: Int) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(speaker.language.rawValue)/\(speaker.name)/\(number)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var generator = SplitMix64(seed: seed ^ hash)
        return UInt32(truncatingIfNeeded: generator.next())
    }

    /// Writes `bytes` to a temporary name beside `url` and renames it over `url`, so the final name never holds part
    /// of a file.
    private func write(_ bytes: [UInt8], to url: URL, number: Int) throws(CorpusError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(number).wav.tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw CorpusError(.io, "cannot write \(temporary.path)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CorpusError(.io, "cannot rename \(temporary.path) to \(url.lastPathComponent): \(reason)")
        }
    }
}
