/// One clip of a corpus, one row of `manifest.csv`.
public struct ManifestEntry: Codable, Hashable, Sendable {
    /// The WAV file, relative to the corpus folder, with `/` separators (`de/de07/42.wav`).
    public var path: String
    public var language: Language
    /// The number spoken, 0–99.
    public var number: Int
    /// The speaker's name, unique within the language.
    public var speaker: String
    /// The clip's sample rate in Hz.
    public var sampleRate: Int
    /// The clip's length after trimming, in seconds.
    public var durationSeconds: Double
    /// The clip's mean fundamental frequency over voiced frames, or nil when it was not measured.
    public var f0Hz: Double?
    /// How espeak-ng made the clip, or nil for a clip that was imported.
    public var settings: VoiceSettings?
    /// The synthesizer and voice that made an imported clip (`piper:en_US-joe-medium`), or nil for an espeak-ng clip
    /// (its settings say how) and for a recording. Training takes a clip only when one of the two says it is synthetic:
    /// recordings, festival and flite are kept for evaluation.
    public var synthesizer: String?

    public init(
        path: String, language: Language, number: Int, speaker: String, sampleRate: Int, durationSeconds: Double,
        f0Hz: Double? = nil, settings: VoiceSettings? = nil, synthesizer: String? = nil
    ) {
        self.path = path
        self.language = language
        self.number = number
        self.speaker = speaker
        self.sampleRate = sampleRate
        self.durationSeconds = durationSeconds
        self.f0Hz = f0Hz
        self.settings = settings
        self.synthesizer = synthesizer
    }
}
