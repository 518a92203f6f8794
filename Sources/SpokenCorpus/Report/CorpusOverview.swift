/// The figures of a corpus report (`spokend corpus report`), as `CorpusReporter` measured them; `markdown` is the
/// text of `report.md`.
public struct CorpusOverview: Sendable {
    /// One speaker's F0 figures.
    public struct SpeakerPitch: Sendable {
        public var language: Language
        public var speaker: String
        /// Median of the clips' F0, nil when no clip was voiced.
        public var medianF0: Double?
        public var clipsWithF0: Int
    }

    public var counts: CorpusCounts
    public var durations: [Language: [Double]]
    public var pitch: [SpeakerPitch]
    /// Clips that could not be read, with the reason.
    public var unreadable: [(path: String, reason: String)]
    /// Clips in the embedding, and how faithful and how separated by language it is.
    public var embeddedClips: Int
    public var trustworthiness: Double
    public var languageAgreementEmbedded: Double
    public var languageAgreementFeatures: Double
    /// The same share in the picture for speaker and for number labels: what else the picture groups by.
    public var speakerAgreementEmbedded: Double
    public var numberAgreementEmbedded: Double
    /// Files written, relative to the report folder.
    public var files: [String]
    public var markdown: String

    /// One line for the terminal.
    public var summary: String {
        let total = counts.clips.values.reduce(0, +)
        let missing = counts.expectedClips - total
        let speakers = counts.speakers.values.map(\.count).reduce(0, +)
        return "\(total) clips, \(counts.languages.count) languages, \(speakers) speakers over all languages, "
            + "\(missing) missing, \(unreadable.count) unreadable"
    }
}
