/// A batch-ready set of examples: log-mel matrices of one shape and their class indices.
///
/// What the data side (corpus, feature cache, augmentation) hands the training engine, and what evaluation and
/// int8 calibration read. `values` holds `count` matrices of `frames × mels`, row-major, one after the other: the
/// memory layout of an NHWC batch `[count, frames, mels, 1]`.
public struct LabeledFeatures: Sendable, Equatable {
    public var frames: Int
    public var mels: Int
    public var values: [Float]
    /// The class of each example, `0..<classes`.
    public var labels: [Int]
    /// Which speaker said each example (`manifest.csv`'s speaker id), for per-speaker reports.
    public var speakers: [String]

    public init(frames: Int, mels: Int, values: [Float], labels: [Int], speakers: [String]) {
        precondition(values.count == labels.count * frames * mels && speakers.count == labels.count, "shape mismatch")
        self.frames = frames
        self.mels = mels
        self.values = values
        self.labels = labels
        self.speakers = speakers
    }

    public var count: Int { labels.count }

    /// The values of example `index`.
    public func example(_ index: Int) -> ArraySlice<Float> {
        let size = frames * mels
        return values[(index * size)..<((index + 1) * size)]
    }
}
