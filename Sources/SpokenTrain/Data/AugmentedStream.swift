import Foundation
import SpokenCorpus
import SpokenDSP

/// The training examples of each epoch, augmented from the clips' waveforms and run through the daemon's
/// `FeatureExtractor`.
///
/// The waveform side of augmentation (steps 1–4 of `Augmentation`) is most of an epoch's cost — about four times
/// the network's forward and backward passes on the shipped architectures — so it is made for `variants` epochs
/// only and kept: epoch `v < variants` is augmented afresh, and every later epoch gives each clip one of those
/// waveform variants, drawn per (seed, epoch, example). SpecAugment's masks (step 5) are drawn afresh every epoch.
/// `variants == 0` augments every epoch afresh.
///
/// Example `i` of epoch `e` is made with its own random numbers, seeded from (seed, e, i) by `StableHash`, so an
/// epoch is the same whichever thread made which example, with any `jobs`, and a resumed run sees what an
/// uninterrupted one saw (a variant lost with a killed process is made again, identically). The clips are read
/// once, at the front end's rate, and kept in memory (about 64 KB per second of speech, and 4 bytes per feature
/// value per kept variant); unreadable clips are left out and listed in `unreadable`. The examples of one epoch are
/// made on `jobs` threads, each with its own `FeatureExtractor`. Not thread-safe: one training loop per stream.
public final class AugmentedStream: TrainingStream, @unchecked Sendable {
    public let config: FrontEndConfig
    public let augmentation: Augmentation
    public let seed: UInt64
    public let jobs: Int
    public let frames: Int
    /// Epochs whose waveform augmentation is made afresh and kept for the later epochs; 0 for every epoch afresh.
    public let variants: Int
    public var mels: Int { config.mels }
    public let unreadable: [UnreadableClip]
    private let clips: [[Float]]
    private let labels: [Int]
    private let speakers: [String]
    private let noise: NoiseBank
    /// Unmasked features of the first `variants` epochs, by epoch, as they are made.
    private var kept: [Int: [Float]] = [:]

    /// Reads `entries` of `corpus` for `task`. Babble is made from these same clips; `recordings` are extra noises
    /// (`NoiseBank.recordings(in:sampleRate:)`).
    public init(
        corpus: TrainingCorpus, entries: [ManifestEntry], task: TrainingTask, config: FrontEndConfig,
        augmentation: Augmentation, seed: UInt64, jobs: Int, recordings: [[Float]] = [], variants: Int = 0
    ) throws(TrainError) {
        guard variants >= 0 else {
            throw TrainError(.invalidArchitecture, "augmentation variants must be 0 (every epoch afresh) or more")
        }
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
        self.variants = variants
        unreadable = audio.unreadable
        clips = readable.map { audio.samples[$0]! }
        labels = readable.map { task.label(of: entries[$0]) }
        speakers = readable.map { entries[$0].speaker }
        noise = NoiseBank(utterances: clips, recordings: recordings)
    }

    /// The examples of `epoch`: every readable clip once, augmented.
    public func examples(epoch: Int) throws -> LabeledFeatures {
        let size = frames * config.mels
        var values: [Float]
        if variants == 0 {
            values = try waveformVariant(epoch)
        } else if epoch < variants {
            values = try keptVariant(epoch)
        } else {
            let pool = try (0..<variants).map { try keptVariant($0) }
            values = [Float](repeating: 0, count: clips.count * size)
            for index in clips.indices {
                let variant = Int(StableHash.seed(seed, UInt64(epoch), UInt64(index), 2) % UInt64(variants))
                let range = (index * size)..<((index + 1) * size)
                values.replaceSubrange(range, with: pool[variant][range])
            }
        }
        values.withUnsafeMutableBufferPointer { buffer in
            for index in clips.indices {
                // The masks draw from their own sequence, so the waveform's draws do not move them.
                var random = SplitMix64(seed: StableHash.seed(seed, UInt64(epoch), UInt64(index), 1))
                augmentation.maskFeatures(
                    UnsafeMutableBufferPointer(rebasing: buffer[(index * size)..<((index + 1) * size)]),
                    frames: frames, mels: config.mels, random: &random)
            }
        }
        return LabeledFeatures(frames: frames, mels: config.mels, values: values, labels: labels, speakers: speakers)
    }

    /// The unmasked features of epoch `epoch < variants`, made once and kept.
    private func keptVariant(_ epoch: Int) throws(TrainError) -> [Float] {
        if let made = kept[epoch] { return made }
        let made = try waveformVariant(epoch)
        kept[epoch] = made
        return made
    }

    /// Every clip through steps 1–4 of the augmentation with the draws of epoch `epoch`, then the front end.
    private func waveformVariant(_ epoch: Int) throws(TrainError) -> [Float] {
        try BatchFeatures.compute(count: clips.count, config: config, jobs: jobs) { index in
            var random = SplitMix64(seed: StableHash.seed(seed, UInt64(epoch), UInt64(index)))
            return augmentation.apply(
                to: clips[index], sampleRate: config.sampleRate, noise: noise, index: index, random: &random)
        }
    }
}
