/// How `FeatureExtractor.finalize` normalises an utterance's log-mel frames before fitting them to
/// `FrontEndConfig.frames`. The raw value is the JSON name.
///
/// A microphone, a room or another voice engine tilts and colours the spectrum by a roughly constant gain per band;
/// in decibels that is a constant added to each mel band, which subtracting the band's mean over the utterance
/// removes (cepstral mean normalisation, done on log-mel bands). Padding frames then take the smallest normalised
/// value of the utterance, so they carry neither the level nor the colour.
public enum UtteranceNorm: String, Codable, Sendable, CaseIterable {
    /// Subtract each mel band's mean over the utterance's frames.
    case melMean = "mel_mean"
}
