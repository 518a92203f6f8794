import Foundation
import SpokenAudio
import SpokenCorpus
import SpokenDSP
import SpokenTrain

/// A small corpus on disk, shaped as `spokend corpus generate` writes one: `manifest.csv`, `folds.json` and one WAV
/// per clip, with the roster's espeak-ng settings in the manifest (so speakers of different languages share
/// variants, as in a generated corpus). The clips are chords whose notes depend on the language and number, so
/// their features differ by class; no espeak-ng is needed, so these tests stay fast.
struct TinyCorpus {
    let directory: URL
    let manifest: CorpusManifest

    static let frontEnd = FrontEndConfig(
        sampleRate: 16000, nFFT: 512, hop: 160, mels: 40, log: LogConfig(topDB: 80), frames: 32)

    /// `extraSpeakers` per language are in the manifest but not in `folds.json`, as `--extra-speakers` makes them.
    init(
        speakers: Int = 4, extraSpeakers: Int = 0, numbers: [Int] = [0, 1, 2],
        languages: [Language] = Language.allCases
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-tiny-\(UUID())")
        var entries: [ManifestEntry] = []
        var names: [Language: [String]] = [:]
        for language in languages {
            let listed = try SpeakerRoster.speakers(language, count: speakers)
            names[language] = listed.map(\.name)
            for speaker in try listed + SpeakerRoster.extraSpeakers(language, count: extraSpeakers) {
                for number in numbers {
                    let path = "\(language.rawValue)/\(speaker.name)/\(number).wav"
                    let samples = Self.clip(language: language, number: number, speaker: speaker.name)
                    let file = directory.appendingPathComponent(path)
                    try FileManager.default.createDirectory(
                        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try WAVFile(sampleRate: 16000, channelCount: 1, samples: samples).write(to: file.path, as: .pcm16)
                    entries.append(
                        ManifestEntry(
                            path: path, language: language, number: number, speaker: speaker.name, sampleRate: 16000,
                            durationSeconds: Double(samples.count) / 16000, settings: speaker.settings))
                }
            }
        }
        manifest = CorpusManifest(entries: entries)
        try manifest.write(to: directory.appendingPathComponent(CorpusManifest.fileName))
        try Folds.make(speakers: names, count: speakers, seed: 1).write(
            to: directory.appendingPathComponent(Folds.fileName))
    }

    /// 0.4 s: silence, a 0.3 s chord of two notes set by language and number, with a little per-speaker detune.
    static func clip(language: Language, number: Int, speaker: String) -> [Float] {
        let base = 200 + 150 * Double(Language.allCases.firstIndex(of: language)!)
        let second = 900 + 37 * Double(number)
        let detune = 1 + Double(speaker.utf8.reduce(0) { $0 &+ Int($1) } % 7) / 100
        return (0..<6400).map { index in
            guard (800..<5600).contains(index) else { return 0 }
            let t = Double(index) / 16000
            return Float(0.3 * sin(2 * .pi * base * detune * t) + 0.2 * sin(2 * .pi * second * detune * t))
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
