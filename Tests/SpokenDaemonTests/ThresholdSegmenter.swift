import SpokenDSP
import SpokenDaemon

/// A test double of the VAD: speech while a frame's mean log-mel level is above `threshold` dB, no pre-roll, no
/// hangover. On the test streams (digital silence between loud synthetic speech) its decisions are exact, so the
/// pipeline's own behaviour can be checked frame by frame.
final class ThresholdSegmenter: UtteranceSegmenting {
    let threshold: Float
    let mels: Int
    private var frame = 0
    private var first: Int?
    private var values: [Float] = []

    init(mels: Int, threshold: Float = -60) {
        self.mels = mels
        self.threshold = threshold
    }

    var isInUtterance: Bool { first != nil }
    var cyclesPerFrame: Int { 1000 }

    func push(_ logMel: UnsafeBufferPointer<Float>, _ report: (Segment) -> Void) {
        let level = logMel.reduce(0, +) / Float(logMel.count)
        if level > threshold {
            if first == nil {
                first = frame
                report(.speechStarted(frame: frame))
            }
            values.append(contentsOf: logMel)
        } else if first != nil {
            close(report)
        }
        frame += 1
    }

    func finish(_ report: (Segment) -> Void) {
        if first != nil { close(report) }
    }

    private func close(_ report: (Segment) -> Void) {
        guard let start = first else { return }
        report(.speechEnded(frame: frame))
        report(
            .utterance(
                FeatureMatrix(frameCount: values.count / mels, melCount: mels, values: values), first: start, end: frame
            ))
        first = nil
        values = []
    }
}
