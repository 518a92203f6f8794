import Foundation

/// A language of the corpus, as SpokeN-100 has them: English, German, French and Mandarin.
///
/// The raw value is the code used in paths, the manifest and `folds.json` (`DIR/<language>/…`).
public enum Language: String, CaseIterable, Codable, CodingKeyRepresentable, Comparable, Sendable {
    case en, de, fr, zh

    /// The espeak-ng voice that reads this language's digits as number words (Mandarin is `cmn`, not `zh`).
    public var espeakVoice: String {
        switch self {
        case .en: "en"
        case .de: "de"
        case .fr: "fr"
        case .zh: "cmn"
        }
    }

    /// The English name, for reports and messages.
    public var name: String {
        switch self {
        case .en: "English"
        case .de: "German"
        case .fr: "French"
        case .zh: "Mandarin"
        }
    }

    /// Parses a language code (`en`, `de`, `fr`, `zh`; `cmn` is accepted for Mandarin).
    public init(code: String) throws(CorpusError) {
        let lowered = code.lowercased()
        if lowered == "cmn" {
            self = .zh
            return
        }
        guard let language = Language(rawValue: lowered) else {
            throw CorpusError(
                .invalidOption,
                "unknown language '\(code)' (known: \(Language.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = language
    }

    /// Parses a comma-separated list such as `en,de,fr,zh`, keeping its order and refusing duplicates.
    public static func list(_ text: String) throws(CorpusError) -> [Language] {
        var languages: [Language] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let language = try Language(code: part.trimmingCharacters(in: .whitespaces))
            guard !languages.contains(language) else {
                throw CorpusError(.invalidOption, "language '\(language.rawValue)' is listed twice in '\(text)'")
            }
            languages.append(language)
        }
        return languages
    }

    public static func < (lhs: Language, rhs: Language) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
