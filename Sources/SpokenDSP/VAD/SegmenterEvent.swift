/// What ``UtteranceSegmenter/push(_:_:)`` reports.
public enum SegmenterEvent {
    /// Speech began at this stream sample (the first sample of its first speech frame). Announced only once the
    /// speech has lasted `SegmenterConfig.minimumSeconds`, so every start is followed by an `utterance`.
    case speechStarted(sample: Int)
    /// Speech ended (or was split); the utterance and its frames, valid during the callback only.
    case utterance(SegmentedUtterance)
}
