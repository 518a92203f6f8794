/// What `spokend corpus import` did: how many clips it wrote, every file it did not import and why, which numbers
/// each speaker lacks, and where the folds came from. Written as `DIR/import-report.txt`.
public struct ImportReport: Sendable, Equatable {
    /// A source file that was not imported.
    public struct Rejection: Sendable, Equatable {
        /// The path relative to the source folder.
        public var path: String
        public var reason: String
    }

    public static let fileName = "import-report.txt"

    public var source: String
    public var output: String
    public var imported: Int
    public var sampleRate: Int
    /// Clips per language, in language order.
    public var clipsPerLanguage: [(language: Language, speakers: Int, clips: Int)]
    public var rejected: [Rejection]
    /// Numbers 0–99 that a speaker of a language has no clip for.
    public var missing: [(language: Language, speaker: String, numbers: [Int])]
    /// How `folds.json` was made: the paper's folds or dealt by seed.
    public var foldsOrigin: String

    public static func == (lhs: ImportReport, rhs: ImportReport) -> Bool {
        lhs.text == rhs.text
    }

    /// One line for the terminal.
    public var summary: String {
        let files = rejected.count == 1 ? "1 file was" : "\(rejected.count) files were"
        let notImported = rejected.isEmpty ? "" : "; \(files) not imported, listed in \(output)/\(Self.fileName)"
        let gaps = missing.reduce(0) { $0 + $1.numbers.count }
        let gapText = gaps == 0 ? "" : "; \(gaps) clips missing (see the report)"
        let speakers = Set(clipsPerLanguage.map(\.speakers)).sorted().map(String.init).joined(separator: "/")
        return "imported \(imported) clips (\(clipsPerLanguage.count) languages, \(speakers) speakers) at "
            + "\(sampleRate) Hz to \(output)\(notImported)\(gapText)"
    }

    /// The whole report as text.
    public var text: String {
        var lines = ["spokend corpus import", "source: \(source)", "output: \(output)", summary, ""]
        lines.append("clips per language:")
        for row in clipsPerLanguage {
            lines.append(
                "  \(row.language.rawValue) (\(row.language.name)): \(row.clips) clips, \(row.speakers) speakers")
        }
        lines.append("folds: \(foldsOrigin)")
        lines.append("")
        lines.append("not imported (\(rejected.count)):")
        for rejection in rejected { lines.append("  \(rejection.path): \(rejection.reason)") }
        lines.append("")
        lines.append("missing numbers (\(missing.count) speakers incomplete):")
        for gap in missing {
            lines.append("  \(gap.language.rawValue)/\(gap.speaker): \(Self.ranges(gap.numbers))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `[1, 2, 3, 7]` → `1–3, 7`.
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = numbers.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])–\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
