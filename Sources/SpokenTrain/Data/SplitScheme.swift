/// How a corpus's speakers are dealt into folds for training and testing.
///
/// The raw value is the name `spokend train --split` takes.
public enum SplitScheme: String, CaseIterable, Codable, Sendable {
    /// The corpus's own `folds.json`: SpokeN-100's speaker folds. A test speaker is new, but its espeak-ng voice
    /// variant (its timbre) speaks the other languages in training, so this measures less than it seems to.
    case speakers
    /// Held-out voices (`HeldOutVoices`): no test speaker shares a voice variant with any training speaker, in any
    /// language. The harder figure, and the closer one to a voice the model has never heard.
    case voices
}
