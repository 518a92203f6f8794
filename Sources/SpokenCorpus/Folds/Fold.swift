/// One speaker-independent split of a corpus: whose clips are tested, and whose pick the checkpoint.
///
/// The speakers of a language that are in neither list are the fold's training speakers.
public struct Fold: Codable, Hashable, Sendable {
    /// Test speakers per language; across all folds each speaker is tested exactly once.
    public var test: [Language: [String]]
    /// Validation speakers per language, never among this fold's test speakers (model selection must not see the
    /// test fold, unlike the SpokeN-100 reference code).
    public var validation: [Language: [String]]

    public init(test: [Language: [String]], validation: [Language: [String]]) {
        self.test = test
        self.validation = validation
    }
}
