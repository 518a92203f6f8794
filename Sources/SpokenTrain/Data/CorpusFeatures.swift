import SpokenCorpus

/// The clean (not augmented) features of every clip of a manifest, as `FeatureCache` computes or loads them.
///
/// What validation, testing, int8 calibration and an unaugmented training stream read. Clips that could not be read
/// have no features and are listed in `unreadable`; `labeled` leaves them out.
public struct CorpusFeatures: Sendable {
    public let frames: Int
    public let mels: Int
    /// `frames × mels` values per readable clip, in the order of `paths`.
    public let values: [Float]
    /// The clips with features, in manifest order.
    public let paths: [String]
    public let unreadable: [UnreadableClip]
    /// Whether this value was computed now (false: read back from the cache).
    public let computed: Bool
    private let row: [String: Int]

    init(frames: Int, mels: Int, values: [Float], paths: [String], unreadable: [UnreadableClip], computed: Bool) {
        self.frames = frames
        self.mels = mels
        self.values = values
        self.paths = paths
        self.unreadable = unreadable
        self.computed = computed
        row = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, $0) })
    }

    /// The features of `entries` that could be read, labelled for `task`, in the order given.
    public func labeled(_ entries: [ManifestEntry], task: TrainingTask) -> LabeledFeatures {
        let size = frames * mels
        var selected: [Float] = []
        var labels: [Int] = []
        var speakers: [String] = []
        selected.reserveCapacity(entries.count * size)
        for entry in entries {
            guard let index = row[entry.path] else { continue }
            selected.append(contentsOf: values[(index * size)..<((index + 1) * size)])
            labels.append(task.label(of: entry))
            speakers.append(entry.speaker)
        }
        return LabeledFeatures(frames: frames, mels: mels, values: selected, labels: labels, speakers: speakers)
    }
}
