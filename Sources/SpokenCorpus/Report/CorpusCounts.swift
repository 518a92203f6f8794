import Foundation

/// What a corpus holds, from its manifest: clips per language, speaker and number, and what is missing.
///
/// The expected numbers are the ones that occur anywhere in the corpus (all of 0–99 for a full corpus, fewer for a
/// corpus generated with `--numbers`), so a speaker "misses" a number only when some other speaker has it.
public struct CorpusCounts: Sendable {
    /// A speaker of a language and the expected numbers it has no clip for.
    public struct Gap: Sendable, Equatable {
        public var language: Language
        public var speaker: String
        public var numbers: [Int]
    }

    public let languages: [Language]
    /// Speakers per language, in manifest order (sorted by name).
    public let speakers: [Language: [String]]
    public let clips: [Language: Int]
    /// Every number that occurs in the corpus, ascending.
    public let numbers: [Int]
    /// Clips per language and number.
    public let perNumber: [Language: [Int: Int]]
    public let gaps: [Gap]
    /// Manifest rows whose WAV file is not there.
    public let absentFiles: [String]
    /// Manifest rows that repeat a language, speaker and number already listed.
    public let duplicates: [String]

    /// Counts `manifest`; when `root` is given, also checks that each listed file exists under it.
    public init(_ manifest: CorpusManifest, root: URL? = nil) {
        let entries = manifest.sorted.entries
        var speakers: [Language: [String]] = [:]
        var clips: [Language: Int] = [:]
        var perNumber: [Language: [Int: Int]] = [:]
        var have: [String: Set<Int>] = [:]
        var duplicates: [String] = []
        var absent: [String] = []
        for entry in entries {
            if speakers[entry.language]?.last != entry.speaker {
                speakers[entry.language, default: []].append(entry.speaker)
            }
            let key = "\(entry.language.rawValue)/\(entry.speaker)"
            if have[key, default: []].insert(entry.number).inserted {
                clips[entry.language, default: 0] += 1
                perNumber[entry.language, default: [:]][entry.number, default: 0] += 1
            } else {
                duplicates.append(entry.path)
            }
            if let root, !FileManager.default.fileExists(atPath: root.appendingPathComponent(entry.path).path) {
                absent.append(entry.path)
            }
        }
        let numbers = Set(entries.map(\.number)).sorted()
        self.languages = speakers.keys.sorted()
        self.speakers = speakers
        self.clips = clips
        self.numbers = numbers
        self.perNumber = perNumber
        self.duplicates = duplicates
        self.absentFiles = absent
        self.gaps = languages.flatMap { language in
            speakers[language]!.compactMap { speaker -> Gap? in
                let present = have["\(language.rawValue)/\(speaker)"]!
                let lacking = numbers.filter { !present.contains($0) }
                return lacking.isEmpty ? nil : Gap(language: language, speaker: speaker, numbers: lacking)
            }
        }
    }

    /// Clips the corpus would have if every speaker said every number.
    public var expectedClips: Int { speakers.values.reduce(0) { $0 + $1.count } * numbers.count }
}
