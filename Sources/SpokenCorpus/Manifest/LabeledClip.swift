import Foundation

/// A clip with the answer it should get: what `spokend eval` reads from any CSV, not only a corpus manifest, so
/// users can test models on their own recordings.
///
/// The CSV needs a header with at least `path`, `language` (en, de, fr, zh) and `number` (0–99); `speaker` is
/// optional (`unknown` when absent or empty) and other columns are ignored. Paths are relative to the CSV's folder
/// unless absolute. A corpus `manifest.csv` is such a file.
public struct LabeledClip: Hashable, Sendable, Codable {
    public var path: String
    public var language: Language
    public var number: Int
    public var speaker: String

    public init(path: String, language: Language, number: Int, speaker: String) {
        self.path = path
        self.language = language
        self.number = number
        self.speaker = speaker
    }

    /// The clip of a corpus manifest entry.
    public init(_ entry: ManifestEntry) {
        self.init(path: entry.path, language: entry.language, number: entry.number, speaker: entry.speaker)
    }

    /// The clips of CSV `text`; every problem names its line and column.
    public static func list(csv text: String) throws(CorpusError) -> [LabeledClip] {
        let records = try CSV.parse(text)
        guard let header = records.first else { throw CorpusError(.invalidFormat, "the clip list is empty") }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() { index[name.trimmingCharacters(in: .whitespaces)] = position }
        for name in ["path", "language", "number"] where index[name] == nil {
            throw CorpusError(
                .invalidFormat, "the clip list has no '\(name)' column (header: \(header.joined(separator: ",")))")
        }
        var clips: [LabeledClip] = []
        for (offset, record) in records.dropFirst().enumerated() {
            let line = offset + 2
            if record == [""] { continue }
            guard record.count == header.count else {
                throw CorpusError(
                    .invalidFormat, "line \(line): \(record.count) fields, the header has \(header.count)")
            }
            func value(_ column: String) -> String {
                index[column].map { record[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            }
            let language: Language
            do {
                language = try Language(code: value("language"))
            } catch {
                throw CorpusError(.invalidFormat, "line \(line): \(error.detail)")
            }
            guard let number = Int(value("number")), (0...99).contains(number) else {
                throw CorpusError(
                    .invalidFormat, "line \(line): number '\(value("number"))' is not a whole number 0…99")
            }
            guard !value("path").isEmpty else { throw CorpusError(.invalidFormat, "line \(line): empty path") }
            let speaker = value("speaker")
            clips.append(
                LabeledClip(
                    path: value("path"), language: language, number: number,
                    speaker: speaker.isEmpty ? "unknown" : speaker
                ))
        }
        return clips
    }

    /// The clips of the CSV file at `url`.
    public static func list(contentsOf url: URL) throws(CorpusError) -> [LabeledClip] {
        let data = try CorpusError.contents(of: url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CorpusError(.invalidFormat, "\(url.path) is not UTF-8 text")
        }
        do {
            return try list(csv: text)
        } catch {
            throw CorpusError(.invalidFormat, "\(url.path): \(error.detail)")
        }
    }
}
