import Foundation
import SpokenCorpus
import SpokenDSP

/// The training examples of each epoch, augmented afresh from the clips' waveforms and run through the daemon's
/// `FeatureExtractor`.
///
/// Example `i` of epoch `e` is made with its own random numbers, seeded from (seed, e, i) by `StableHash`, so an
/// epoch is the same whichever thread made which example, with any `jobs`, and a resumed run sees what an
/// uninterrupted one saw. The clips are read once, at the front end's rate, and kept in memory (about 64 KB per
/// second of speech); unreadable clips are left out and listed in `unreadable`. The examples of one epoch are made
/// on `jobs` threads, each with its own `FeatureExtractor`.
public final class AugmentedStream: TrainingStream, @unchecked Sendable {  // immutable after init
    public let config: FrontEndConfig
    public let augmentation: Augmentation
    public let seed: UInt64
    public let jobs: Int
    public let frames: Int
    public var mels: Int { config.mels }
    public let unreadable: [UnreadableClip]
    private let clips: [[Float]]
    private let labels: [Int]
    private let speakers: [String]
    private let noise: NoiseBank

    /// Reads `entries` of `corpus` for `task`. Babble is made from these same clips; `recordings` are extra noises
    /// (`NoiseBank.recordings(in:sampleRate:)`).
    public init(
        corpus: TrainingCorpus, entries: [ManifestEntry], task: TrainingTask, config: FrontEndConfig,
        augmentation: Augmentation, seed: UInt64, jobs: Int, recordings: [[Float]] = []
    ) throws(TrainError) {
        guard let frames = config.frames else {
            throw TrainError(.invalidArchitecture, "front end: frames must be set to train (one shape per batch)")
        }
        do {
            try config.validate()
        } catch {
            throw TrainError(.invalidArchitecture, error.detail)
        }
        let audio = ClipLoader.load(
            entries.map { ($0.path, corpus.url(of: $0)) }, sampleRate: config.sampleRate, jobs: jobs)
        let readable = entries.indices.filter { audio.samples[$0] != nil }
        guard !readable.isEmpty else {
            throw TrainError(.invalidData, "none of the \(entries.count) training clips can be read")
        }
        self.config = config
        self.augmentation = augmentation
        self.seed = seed
        self.jobs = max(1, jobs)
        self.frames = frames
        unreadable = audio.unreadable
        clips = readable.map { audio.samples[$0]! }
        labels = readable.map { task.label(of: entries[$0]) }
        speakers = readable.map { entries[$0].speaker }
        noise = NoiseBank(utterances: clips, recordings: recordings)
    }

    /// The examples of `epoch`: every readable clip once, augmented.
    public func examples(epoch: Int) throws -> LabeledFeatures {
        let values = try BatchFeatures.compute(count: clips.count, config: config, jobs: jobs) { index in
            var random = SplitMix64(seed: StableHash.seed(seed, UInt64(epoch), UInt64(index)))
            return augmentation.apply(
                to: clips[index], sampleRate: config.sampleRate, noise: noise, index: index, random: &random)
        } finish: { index, values in
            // The masks draw from their own sequence, so the waveform's draws do not move them.
            var random = SplitMix64(seed: StableHash.seed(seed, UInt64(epoch), UInt64(index), 1))
            augmentation.maskFeatures(values, frames: frames, mels: config.mels, random: &random)
        }
        return LabeledFeatures(frames: frames, mels: config.mels, values: values, labels: labels, speakers: speakers)
    }
}
