import SpokenDSP

/// What the pipeline needs from a voice activity detector and utterance segmenter: streaming log-mel frames in;
/// speech transitions and finished utterances out, in stream frames.
public protocol UtteranceSegmenting: AnyObject {
    /// Feeds the next frame of the stream and reports what it decided.
    func push(_ logMel: UnsafeBufferPointer<Float>, _ report: (Segment) -> Void)
    /// The stream ended: closes an open utterance and reports it.
    func finish(_ report: (Segment) -> Void)
    /// Whether an utterance is open (models are not replaced in the middle of one).
    var isInUtterance: Bool { get }
    /// The detector's modelled cycles per frame on the device.
    var cyclesPerFrame: Int { get }
}

/// What a segmenter decided.
public enum Segment {
    /// Speech began at this frame.
    case speechStarted(frame: Int)
    /// Speech ended at this frame (after the hangover).
    case speechEnded(frame: Int)
    /// An utterance's log-mel frames (pre-roll included), from `first` up to `end` (exclusive).
    case utterance(FeatureMatrix, first: Int, end: Int)
}
