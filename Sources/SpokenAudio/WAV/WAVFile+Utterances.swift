import SpokenDSP

extension WAVFile {
    /// One utterance the voice activity detector heard in a file: where the speech is (samples at the front end's
    /// rate) and its log-mel frames as the stream gave them (pre-roll and tail included, before `finalize`).
    public struct HeardUtterance: Sendable {
        public var speechSamples: Range<Int>
        public var frames: FeatureMatrix
    }

    /// The utterances the daemon's front end and segmenter find in this file: mixed down to mono, resampled to
    /// `frontEnd.sampleRate`, pushed through `FeatureExtractor.push` and `UtteranceSegmenter` as a stream would be,
    /// speech still going on at the end of the file ending there. `frontEnd` must be a streaming config
    /// (`center: false`).
    public func utterances(frontEnd: FrontEndConfig, segmenter config: SegmenterConfig = SegmenterConfig()) throws
        -> [HeardUtterance]
    {
        let samples = try mono().resampled(to: frontEnd.sampleRate).samples
        let extractor = try FeatureExtractor(config: frontEnd)
        let segmenter = try UtteranceSegmenter(config: config, frontEnd: frontEnd)
        var heard: [HeardUtterance] = []
        let collect = { (event: SegmenterEvent) in
            if case .utterance(let utterance) = event {
                heard.append(HeardUtterance(speechSamples: utterance.speechSamples, frames: utterance.matrix()))
            }
        }
        try samples.withUnsafeBufferPointer { samples throws(DSPError) in
            try extractor.push(samples) { frame in segmenter.push(frame, collect) }
        }
        segmenter.finish(collect)
        return heard
    }
}
