import SpokenCorpus
import SpokenDSP

/// The features of test clips as they are, or spoilt by a `Degradation`: the figures `spokend train` reports beside
/// the clean test accuracy, computed in memory from the same clips `DegradedCopies` writes to disk.
public enum DegradedFeatures {
    /// `entries` of `corpus` at the front end's rate, spoilt by `degradation` (nil: clean), labelled for `task`;
    /// unreadable clips are left out and returned.
    public static func features(
        of entries: [ManifestEntry], corpus: TrainingCorpus, task: TrainingTask, config: FrontEndConfig,
        degradation: Degradation?, jobs: Int
    ) throws(TrainError) -> (features: LabeledFeatures, unreadable: [UnreadableClip]) {
        let audio = ClipLoader.load(
            entries.map { ($0.path, corpus.url(of: $0)) }, sampleRate: config.sampleRate, jobs: jobs)
        let readable = entries.indices.filter { audio.samples[$0] != nil }
        let values = try BatchFeatures.compute(count: readable.count, config: config, jobs: jobs) { row in
            let entry = entries[readable[row]]
            let clean = audio.samples[readable[row]]!
            return degradation?.apply(to: clean, sampleRate: config.sampleRate, path: entry.path) ?? clean
        }
        let features = LabeledFeatures(
            frames: config.frames!, mels: config.mels, values: values,
            labels: readable.map { task.label(of: entries[$0]) }, speakers: readable.map { entries[$0].speaker })
        return (features, audio.unreadable)
    }
}
