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
        let rate = seconds > 0 ? Double(generated + replaced) / seconds : 0
        return "\(clips) clips: \(generated) generated, \(reused) kept from an earlier run, \(replaced) replaced; "
            + "\((seconds * 10).rounded() / 10) s, \(Int(rate.rounded())) clips/s"
    }
}
