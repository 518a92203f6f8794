import SpokenDSP

extension WAVFile {
    /// The log-mel features a model with front end `config` sees for this file: the audio mixed down to mono,
    /// resampled to `config.sampleRate`, then `FeatureExtractor.features(of:)` — `[frames, mels]`.
    ///
    /// Throws `AudioError` when the rate cannot be converted and `DSPError` when `config` is invalid.
    public func features(config: FrontEndConfig) throws -> FeatureMatrix {
        let extractor = try FeatureExtractor(config: config)
        return extractor.features(of: try mono().resampled(to: config.sampleRate).samples)
    }
}
