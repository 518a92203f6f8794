/// How espeak-ng is set up to speak as one synthetic speaker.
///
/// The values go to `espeak_SetVoiceByName` (voice and variant) and `espeak_SetParameter` (pitch, range, rate, word
/// gap); their ranges are espeak-ng's own.
public struct VoiceSettings: Codable, Hashable, Sendable {
    /// An espeak-ng voice, such as `en-us`, `en-gb-x-rp`, `fr-be`, `de`, `cmn`.
    public var voice: String
    /// A voice variant from `espeak-ng-data/voices/!v` (`m3`, `f2`, `klatt4`, …), or nil for the voice's own.
    public var variant: String?
    /// Base pitch, 0–100 (espeak-ng's default is 50).
    public var pitch: Int
    /// Pitch range, 0–100 (0 is monotone, 50 is espeak-ng's default).
    public var range: Int
    /// Speaking rate in words per minute, 80–450 (espeak-ng's default is 175).
    public var rate: Int
    /// Extra pause between words, in units of 10 ms at the default rate.
    public var wordGap: Int

    public init(
        voice: String, variant: String? = nil, pitch: Int = 50, range: Int = 50, rate: Int = 175, wordGap: Int = 0
    ) {
        self.voice = voice
        self.variant = variant
        self.pitch = pitch
        self.range = range
        self.rate = rate
        self.wordGap = wordGap
    }

    /// The name `espeak_SetVoiceByName` takes: `voice+variant`, or the voice alone.
    public var espeakName: String { variant.map { "\(voice)+\($0)" } ?? voice }

    /// Checks that every value is within espeak-ng's range, so a typo fails loudly instead of being clamped.
    public func validate() throws(CorpusError) {
        func check(_ name: String, _ value: Int, _ bounds: ClosedRange<Int>) throws(CorpusError) {
            guard bounds.contains(value) else {
                throw CorpusError(.invalidOption, "voice \(espeakName): \(name) \(value) is outside \(bounds)")
            }
        }
        try check("pitch", pitch, 0...100)
        try check("range", range, 0...100)
        try check("rate", rate, 80...450)
        try check("word gap", wordGap, 0...100)
        guard !voice.isEmpty, !voice.contains("+") else {
            throw CorpusError(.invalidOption, "voice '\(voice)' is not an espeak-ng voice name")
        }
    }
}
