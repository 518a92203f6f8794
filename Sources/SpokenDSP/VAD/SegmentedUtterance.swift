/// One utterance found by ``UtteranceSegmenter`` (named apart from the daemon's `utterance` event): where speech was
/// heard, and the log-mel frames a recognizer gets.
///
/// `frames` points into the segmenter's own buffer and is valid only during the event callback that hands it out:
/// copy what must outlive it (`matrix()`).
public struct SegmentedUtterance: @unchecked Sendable {
    /// Stream samples of the speech itself: from the first sample of its first speech frame to the last sample of
    /// its last speech frame.
    public let speechSamples: Range<Int>
    /// Stream samples the frames cover: the speech with the pre-roll before it and the tail after it.
    public let samples: Range<Int>
    /// Stream index of the first of `frames`.
    public let firstFrame: Int
    /// `frameCount × melCount` log-mel values, row-major, as `FeatureExtractor.push` gave them.
    public let frames: UnsafeBufferPointer<Float>
    public let frameCount: Int
    public let melCount: Int
    /// True when speech went on past `SegmenterConfig.maximumSeconds` and was cut here; the next utterance
    /// continues it.
    public let isSplit: Bool
    /// The stream sample at which the end was decided (the end of the frame that completed the hangover, or of the
    /// frame that reached the maximum length): `decidedAt − speechSamples.upperBound` is the decision's latency.
    public let decidedAt: Int

    /// The frames as a matrix the recognizer can `finalize` (allocates).
    public func matrix() -> FeatureMatrix {
        FeatureMatrix(frameCount: frameCount, melCount: melCount, values: Array(frames))
    }
}
