import SpokenCorpus
import SpokenDSP

/// Folds in which the test speakers share no espeak-ng voice variant (timbre) with any training speaker.
///
/// In a generated corpus the same variant (`m3`, `klatt4`, `Annie`, …) gives one speaker in every language (see
/// `SpeakerRoster`), so SpokeN-100's speaker folds let a model hear a test speaker's timbre in the other languages
/// during training. Here the unit that is dealt into folds is the variant: every speaker made with it, whatever the
/// language, lands in the same test set. A clip of another synthesizer has that synthesizer's voice, whatever its
/// speaker folder (they differ only in how it was asked to speak); a recording is its own speaker's voice.
///
/// The variants are shuffled with the seed and dealt round-robin into `count` test sets; fold *k* validates on fold
/// *k + 1*'s test speakers, as `Folds.make` does, so the result is ordinary `Folds` (every speaker tested once,
/// validation disjoint from test) and everything that takes folds takes these.
public enum HeldOutVoices {
    /// The timbre a clip was made with: its variant, else its espeak-ng voice, else its synthesizer, else (a
    /// recording) its speaker.
    public static func voice(of entry: ManifestEntry) -> String {
        if let settings = entry.settings { return settings.variant ?? settings.voice }
        if let synthesizer = entry.synthesizer { return synthesizer }
        return "\(entry.language.rawValue)/\(entry.speaker)"
    }

    /// Folds over the speakers of `manifest`, dealt by voice. With `listed` (a corpus's `folds.json` speakers),
    /// only those are dealt: the others — a generated corpus's `--extra-speakers`, made with variants no listed
    /// speaker has — are in no fold, so they train in every fold.
    public static func folds(
        for manifest: CorpusManifest, count: Int = Folds.standardCount, seed: UInt64,
        among listed: [Language: [String]]? = nil
    ) throws(CorpusError) -> Folds {
        var speakers: [Language: [String]] = [:]
        var voiceOf: [Language: [String: String]] = [:]
        for entry in manifest.entries where voiceOf[entry.language]?[entry.speaker] == nil {
            if let listed, listed[entry.language]?.contains(entry.speaker) != true { continue }
            speakers[entry.language, default: []].append(entry.speaker)
            voiceOf[entry.language, default: [:]][entry.speaker] = voice(of: entry)
        }
        var voices = Array(Set(voiceOf.values.flatMap(\.values))).sorted()
        guard count >= 1 else { throw CorpusError(.invalidOption, "fold count \(count) must be at least 1") }
        let foldCount = min(count, voices.count)
        guard foldCount >= 1 else { throw CorpusError(.invalidFormat, "the manifest has no clips") }
        var generator = SplitMix64(seed: seed)
        generator.shuffle(&voices)
        var group: [String: Int] = [:]
        for (position, voice) in voices.enumerated() { group[voice] = position % foldCount }
        let folds = (0..<foldCount).map { index in
            func members(_ fold: Int) -> [Language: [String]] {
                var chosen: [Language: [String]] = [:]
                for (language, names) in speakers {
                    let inFold = names.filter { group[voiceOf[language]![$0]!] == fold }
                    if !inFold.isEmpty { chosen[language] = inFold }
                }
                return chosen
            }
            return Fold(test: members(index), validation: foldCount > 1 ? members((index + 1) % foldCount) : [:])
        }
        return try Folds(speakers: speakers, folds: folds)
    }
}
