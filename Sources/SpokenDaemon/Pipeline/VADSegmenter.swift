import SpokenDSP
import SpokenNN
import SpokenRecognition

/// spokend's voice activity detector and segmenter (SpokenDSP's `UtteranceSegmenter`) behind the pipeline's
/// ``UtteranceSegmenting``, with its modelled cost (`SegmenterCost`) for the device timeline.
///
/// Frame numbers count from the first frame pushed, as the pipeline's do. `speechStarted` comes once speech has
/// lasted the segmenter's minimum (0.15 s), at the frame where it began; `speechEnded` at the frame where the
/// hangover ran out (180 ms after the last speech frame), followed by the utterance: its frames from 0.2 s before the
/// speech to 50 ms after it. Copying an utterance's frames into its `FeatureMatrix` is the one allocation, once per
/// utterance; frames in between allocate nothing.
public final class VADSegmenter: UtteranceSegmenting {
    private let segmenter: UtteranceSegmenter
    private let hop: Int
    private let frameLength: Int
    public let cyclesPerFrame: Int

    /// The segmenter for frames of `frontEnd`, its cost on `profile`'s chip.
    public init(frontEnd: FrontEndConfig, profile: DeviceProfile, config: SegmenterConfig = SegmenterConfig())
        throws(DaemonError)
    {
        do {
            segmenter = try UtteranceSegmenter(config: config, frontEnd: frontEnd)
        } catch {
            throw DaemonError(.model, "the models' front end does not suit the VAD: \(error.detail)")
        }
        hop = frontEnd.hop
        frameLength = frontEnd.nFFT
        cyclesPerFrame = SegmenterCost(segmenter: config, frontEnd: frontEnd, profile: profile).cyclesPerFrame
    }

    public var isInUtterance: Bool { segmenter.isInSpeech }

    public func push(_ logMel: UnsafeBufferPointer<Float>, _ report: (Segment) -> Void) {
        segmenter.push(logMel) { forward($0, report) }
    }

    public func finish(_ report: (Segment) -> Void) {
        segmenter.finish { forward($0, report) }
    }

    private func forward(_ event: SegmenterEvent, _ report: (Segment) -> Void) {
        switch event {
        case .speechStarted(let sample):
            report(.speechStarted(frame: sample / hop))
        case .utterance(let utterance):
            report(.speechEnded(frame: (utterance.decidedAt - frameLength) / hop))
            report(
                .utterance(
                    utterance.matrix(), first: utterance.firstFrame, end: utterance.firstFrame + utterance.frameCount))
        }
    }
}
