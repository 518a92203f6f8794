import Foundation

/// The list of a corpus's clips, `DIR/manifest.csv`: one row per clip with its path, language, number, speaker,
/// duration, mean F0 and the espeak-ng settings or the other synthesizer that made it.
///
/// Columns (header row first, RFC 4180 quoting): `path, language, number, speaker, sample_rate, duration_s, f0_hz,
/// voice, variant, pitch, range, rate, word_gap, synthesizer`. `f0_hz` is empty when it was not measured; the six
/// espeak-ng settings are empty for an imported clip, `synthesizer` for an espeak-ng clip and a recording. Numbers are written with a fixed number of decimals so the same corpus gives the same bytes.
/// Reading goes by column name, so extra columns are ignored and the order may differ.
public struct CorpusManifest: Hashable, Sendable {
    public static let fileName = "manifest.csv"
    public static let columns = [
        "path", "language", "number", "speaker", "sample_rate", "duration_s", "f0_hz",
        "voice", "variant", "pitch", "range", "rate", "word_gap", "synthesizer",
    ]
    private static let required = ["path", "language", "number", "speaker", "sample_rate", "duration_s"]
    private static let settingColumns = ["voice", "variant", "pitch", "range", "rate", "word_gap"]

    public var entries: [ManifestEntry]

    public init(entries: [ManifestEntry]) {
        self.entries = entries
    }

    /// The entries in a canonical order: language (en, de, fr, zh), speaker, number.
    public var sorted: CorpusManifest {
        CorpusManifest(
            entries: entries.sorted {
                ($0.language, $0.speaker, $0.number, $0.path) < ($1.language, $1.speaker, $1.number, $1.path)
            })
    }

    /// The manifest as CSV text.
    public var csv: String {
        var text = CSV.record(Self.columns)
        for entry in entries {
            let settings = entry.settings
            text += CSV.record([
                entry.path, entry.language.rawValue, String(entry.number), entry.speaker, String(entry.sampleRate),
                String(format: "%.4f", entry.durationSeconds), entry.f0Hz.map { String(format: "%.1f", $0) } ?? "",
                settings?.voice ?? "", settings?.variant ?? "", settings.map { String($0.pitch) } ?? "",
                settings.map { String($0.range) } ?? "", settings.map { String($0.rate) } ?? "",
                settings.map { String($0.wordGap) } ?? "", entry.synthesizer ?? "",
            ])
        }
        return text
    }

    /// Parses CSV text; every problem names its line and column.
    public init(csv text: String) throws(CorpusError) {
        let records = try CSV.parse(text)
        guard let header = records.first else { throw CorpusError(.invalidFormat, "manifest is empty") }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() { index[name.trimmingCharacters(in: .whitespaces)] = position }
        for name in Self.required where index[name] == nil {
            throw CorpusError(
                .invalidFormat, "manifest has no '\(name)' column (header: \(header.joined(separator: ",")))")
        }
        var entries: [ManifestEntry] = []
        entries.reserveCapacity(records.count - 1)
        for (offset, record) in records.dropFirst().enumerated() {
            let line = offset + 2
            if record == [""] { continue }
            guard record.count == header.count else {
                throw CorpusError(
                    .invalidFormat, "manifest line \(line): \(record.count) fields, the header has \(header.count)")
            }
            func value(_ column: String) -> String { index[column].map { record[$0] } ?? "" }
            func integer(_ column: String) throws(CorpusError) -> Int {
                guard let number = Int(value(column)) else {
                    throw CorpusError(
                        .invalidFormat, "manifest line \(line): \(column) '\(value(column))' is not an integer")
                }
                return number
            }
            func real(_ column: String) throws(CorpusError) -> Double {
                guard let number = Double(value(column)), number.isFinite else {
                    throw CorpusError(
                        .invalidFormat, "manifest line \(line): \(column) '\(value(column))' is not a number")
                }
                return number
            }
            let language: Language
            do {
                language = try Language(code: value("language"))
            } catch {
                throw CorpusError(.invalidFormat, "manifest line \(line): \(error.detail)")
            }
            let number = try integer("number")
            guard (0...99).contains(number) else {
                throw CorpusError(.invalidFormat, "manifest line \(line): number \(number) is outside 0...99")
            }
            guard !value("path").isEmpty, !value("speaker").isEmpty else {
                throw CorpusError(.invalidFormat, "manifest line \(line): empty path or speaker")
            }
            var settings: VoiceSettings? = nil
            if Self.settingColumns.contains(where: { !value($0).isEmpty }) {
                settings = VoiceSettings(
                    voice: value("voice"), variant: value("variant").isEmpty ? nil : value("variant"),
                    pitch: try integer("pitch"), range: try integer("range"), rate: try integer("rate"),
                    wordGap: try integer("word_gap"))
            }
            entries.append(
                ManifestEntry(
                    path: value("path"), language: language, number: number, speaker: value("speaker"),
                    sampleRate: try integer("sample_rate"), durationSeconds: try real("duration_s"),
                    f0Hz: value("f0_hz").isEmpty ? nil : try real("f0_hz"), settings: settings,
                    synthesizer: value("synthesizer").isEmpty ? nil : value("synthesizer")))
        }
        self.entries = entries
    }

    /// Reads `manifest.csv` (or the file at `url`).
    public init(contentsOf url: URL) throws(CorpusError) {
        let data = try CorpusError.contents(of: url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CorpusError(.invalidFormat, "\(url.path) is not UTF-8 text")
        }
        do {
            try self.init(csv: text)
        } catch {
            throw CorpusError(.invalidFormat, "\(url.path): \(error.detail)")
        }
    }

    /// Writes the manifest atomically (a temporary file renamed over `url`), so a reader never sees half of it.
    public func write(to url: URL) throws(CorpusError) {
        do {
            try Data(csv.utf8).write(to: url, options: .atomic)
        } catch {
            throw CorpusError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
