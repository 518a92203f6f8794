import SpokenCorpus

/// What a model answers: the language of an utterance (`en, de, fr, zh`) or the number spoken (`0…99`).
///
/// The raw value is the name `spokend train --task` takes. `labels` are the class names in output order, as a model's
/// `spokend.labels` metadata lists them.
public enum TrainingTask: String, CaseIterable, Codable, Sendable {
    case language, number

    /// The class names in output order.
    public var labels: [String] {
        switch self {
        case .language: Language.allCases.map(\.rawValue)
        case .number: (0...99).map(String.init)
        }
    }

    public var classCount: Int { labels.count }

    /// The class index of a clip.
    public func label(of entry: ManifestEntry) -> Int {
        switch self {
        case .language: Language.allCases.firstIndex(of: entry.language)!
        case .number: entry.number
        }
    }
}
