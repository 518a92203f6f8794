import SpokenDSP

/// An audio source's samples through the streaming front end and the segmenter: the VAD half of the daemon's
/// pipeline, for `spokend segments` and for tests that check the segmenter on real streams.
///
/// Reads `source` until it ends (a file or pipe) or `shouldStop` says so (checked at least every `pollInterval`),
/// pushing every chunk through `FeatureExtractor.push` and every frame through `UtteranceSegmenter.push`; at the end
/// of the stream, speech still going on becomes an utterance (`finish`). Allocates nothing per chunk.
public struct UtteranceStream {
    public let frontEnd: FrontEndConfig
    public let segmenter: SegmenterConfig

    public init(frontEnd: FrontEndConfig, segmenter: SegmenterConfig = SegmenterConfig()) {
        self.frontEnd = frontEnd
        self.segmenter = segmenter
    }

    /// Runs `source` (started by the caller, at the front end's rate) to its end and reports each event.
    public func run(
        _ source: AudioSource, pollInterval: Duration = .milliseconds(200), shouldStop: () -> Bool = { false },
        _ report: (SegmenterEvent) -> Void
    ) throws(DSPError) {
        guard source.sampleRate == frontEnd.sampleRate else {
            throw DSPError(
                .invalidConfiguration,
                "the audio source gives \(source.sampleRate) Hz but the front end wants \(frontEnd.sampleRate) Hz")
        }
        let extractor = try FeatureExtractor(config: frontEnd)
        let segmenter = try UtteranceSegmenter(config: self.segmenter, frontEnd: frontEnd)
        let chunk = UnsafeMutableBufferPointer<Float>.allocate(capacity: 4096)
        defer { chunk.deallocate() }
        while !shouldStop() {
            switch source.read(into: chunk, timeout: pollInterval) {
            case .samples(let count):
                try extractor.push(UnsafeBufferPointer(rebasing: chunk[0..<count])) { frame in
                    segmenter.push(frame, report)
                }
            case .timedOut:
                continue
            case .ended:
                segmenter.finish(report)
                return
            }
        }
        segmenter.finish(report)
    }
}
