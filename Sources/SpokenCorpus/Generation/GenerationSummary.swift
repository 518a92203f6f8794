/// What a corpus run did, for its last log line and for tests.
public struct GenerationSummary: Hashable, Sendable {
    /// Clips in the corpus.
    public var clips: Int
    public var generated: Int
    public var reused: Int
    public var replaced: Int
    /// Wall time in seconds.
    public var seconds: Double

    public init(clips: Int, generated: Int, reused: Int, replaced: Int, seconds: Double) {
        self.clips = clips
        self.generated = generated
        self.reused = reused
        self.replaced = replaced
        self.seconds = seconds
    }

    public var description: String {
        let made = generated + replaced
        let rate = seconds > 0 && made > 0 ? ", \(Int((Double(made) / seconds).rounded())) clips/s" : ""
        return "\(clips) clips: \(generated) generated, \(reused) kept from an earlier run, \(replaced) replaced; "
            + "\((seconds * 10).rounded() / 10) s" + rate
    }
}
