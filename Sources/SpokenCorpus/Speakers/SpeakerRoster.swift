/// The 32 synthetic speakers of each language: fixed, named combinations of an espeak-ng voice, a variant and the
/// four prosody settings.
///
/// Built so that a language's speakers differ audibly and their mean F0 and rate spread out:
/// - every speaker of a language has its own variant, 12 female (`f1`…`f5`, `Annie`, `belinda`, …) and 20 male
///   (`m1`…`m8` but `m6`, `klatt`…`klatt6`, `Andy`, `paul`, …), each with its own formants and base pitch;
/// - pitch (10–41 for female variants, 30–92 for male ones), range (25–87), rate (130–223 wpm) and word gap (0–3)
///   walk through their ranges by strides co-prime to 32, so the values are not correlated with each other, and the
///   stride start moves with the language so the same variant sounds different across them;
/// - regional voices where espeak-ng has them: English mixes `en-us`, `en` (British), `en-gb-x-rp`,
///   `en-gb-scotland`, `en-029` (Caribbean), `en-gb-x-gbclan` (Lancaster) and `en-gb-x-gbcwmd` (West Midlands);
///   French is mostly `fr` (France) with four `fr-be` and four `fr-ch` speakers, who say septante/nonante (fr-ch also
///   huitante); German is `de`, Mandarin `cmn`.
///
/// espeak-ng 1.51 quirks this table avoids: `en-gb+variant` and `fr-fr+variant` silently drop the variant (so British
/// English is `en` and standard French `fr`, which sound the same as `en-gb` and `fr-fr`), and `fast`, `Storm` and
/// `Mr_Serious` change nothing. The corpus tests check that every speaker's audio differs from every other's.
public enum SpeakerRoster {
    /// Speakers per language, as in SpokeN-100.
    public static let size = 32

    /// The variants, one per speaker position.
    static let variants = [
        "m1", "f1", "m2", "f2", "m3", "f3", "m4", "f4", "m5", "f5", "paul", "Annie", "m7", "belinda", "m8", "linda",
        "klatt", "steph", "klatt2", "aunty", "klatt3", "anika", "klatt4", "grandma", "klatt5", "Andy", "klatt6",
        "david", "edward", "iven", "max", "michel",
    ]

    /// The voice per speaker position and language.
    static func voice(_ language: Language, position: Int) -> String {
        switch language {
        case .en:
            let voices =
                Array(repeating: "en-us", count: 10) + Array(repeating: "en", count: 6)
                + Array(repeating: "en-gb-x-rp", count: 6) + Array(repeating: "en-gb-scotland", count: 4)
                + Array(repeating: "en-029", count: 3) + ["en-gb-x-gbclan", "en-gb-x-gbclan", "en-gb-x-gbcwmd"]
            // Every third position, so the regional voices are spread over variants of both sexes.
            return voices[(position * 11) % size]
        case .de: return "de"
        case .fr: return position % 8 == 3 ? "fr-be" : position % 8 == 6 ? "fr-ch" : "fr"
        case .zh: return "cmn"
        }
    }

    /// The variants of the extra, training-only speakers (`extraSpeakers`): none of them is, or is derived from, one
    /// of `variants` (no `iven2`, `anikaRobot`, `AnxiousAndy`), so a model trained with them still never hears a
    /// test speaker's timbre. The first five are female.
    static let extraVariants = [
        "Alicia", "Andrea", "whisperf", "shelby", "zac", "Alex", "Demonic", "Denis", "Diogo", "Gene", "Henrique",
        "Hugo", "Jacky", "Lee", "Marco", "Mario", "Michael", "Mike", "Nguyen", "Tweaky", "adam", "announcer", "antonio",
        "benjamin", "boris", "travis", "croak", "pedro", "grandpa", "gustave", "john", "norbert",
    ]

    /// The pitch setting: a stride through 0–31, mapped to 10–41 for the female variants (their own base pitch is
    /// high: `anika` at 87 speaks above 300 Hz, beyond the 50–300 Hz that F0 is measured in) and to 30–92 for the
    /// male ones, so each sex spreads over its own natural range.
    static func pitch(position: Int, shift: Int, female: Bool) -> Int {
        let step = (position * 13 + shift) % size
        return female ? 10 + step : 30 + 2 * step
    }

    /// The speakers of `language`, named `<language><position>` (`en01` … `en32`).
    public static func speakers(_ language: Language) -> [Speaker] {
        (0..<size).map { position in
            speaker(
                language, position: position, number: position + 1, variant: variants[position],
                female: position % 2 == 1 && position <= 23, shift: 0)
        }
    }

    /// The first `count` of 32 more speakers of `language` (`en33` … `en64`), made from `extraVariants` with the
    /// same regional voices and prosody spread as `speakers`, shifted so that no prosody repeats a standard
    /// speaker's. More timbres to train on; a corpus lists them in no fold, so they are never tested.
    public static func extraSpeakers(_ language: Language, count: Int) throws(CorpusError) -> [Speaker] {
        guard (0...size).contains(count) else {
            throw CorpusError(.invalidOption, "--extra-speakers \(count): choose 0 to \(size) per language")
        }
        return (0..<count).map { position in
            speaker(
                language, position: position, number: size + position + 1, variant: extraVariants[position],
                female: position < 5, shift: 3)
        }
    }

    /// Speaker `number` of `language`: the voice of `position`, `variant`, and prosody strides moved by `shift`.
    private static func speaker(
        _ language: Language, position: Int, number: Int, variant: String, female: Bool, shift extra: Int
    ) -> Speaker {
        let shift = Language.allCases.firstIndex(of: language)! * 7 + extra
        let name = language.rawValue + (number < 10 ? "0" : "") + String(number)
        let settings = VoiceSettings(
            voice: voice(language, position: position), variant: variant,
            pitch: pitch(position: position, shift: shift, female: female),
            range: 25 + 2 * ((position * 11 + 5 + shift) % size), rate: 130 + 3 * ((position * 7 + 3 + shift) % size),
            wordGap: ((position * 5 + 1 + shift) % size) % 4)
        return Speaker(name: name, language: language, settings: settings)
    }

    /// The first `count` speakers of `language`.
    public static func speakers(_ language: Language, count: Int) throws(CorpusError) -> [Speaker] {
        guard (1...size).contains(count) else {
            throw CorpusError(.invalidOption, "--speakers \(count): choose 1 to \(size) speakers per language")
        }
        return Array(speakers(language).prefix(count))
    }
}
