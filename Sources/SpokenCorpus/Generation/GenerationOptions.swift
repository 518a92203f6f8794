import Foundation

/// What `spokend corpus generate` makes: which languages, how many speakers, which numbers, at what rate, from
/// which seed.
///
/// Stored as `DIR/generator.json`, so a rerun into the same folder resumes only when it would make the same corpus.
public struct GenerationOptions: Codable, Hashable, Sendable {
    public static let fileName = "generator.json"

    public var languages: [Language]
    /// Speakers per language, the first of `SpeakerRoster`'s 32.
    public var speakers: Int
    /// Training-only speakers per language (`SpeakerRoster.extraSpeakers`), in the manifest but in no fold; nil
    /// for none, so a corpus made without them keeps its `generator.json`.
    public var extraSpeakers: Int?
    /// The numbers every speaker says, ascending.
    public var numbers: [Int]
    /// Sample rate of the written clips, in Hz.
    public var sampleRate: Int
    /// Seeds the folds and the synthesizer's noise.
    public var seed: UInt64

    public init(
        languages: [Language] = Language.allCases, speakers: Int = SpeakerRoster.size, extraSpeakers: Int = 0,
        numbers: [Int] = Array(0...99), sampleRate: Int = 16000, seed: UInt64 = 0
    ) {
        self.languages = languages
        self.speakers = speakers
        self.extraSpeakers = extraSpeakers == 0 ? nil : extraSpeakers
        self.numbers = numbers
        self.sampleRate = sampleRate
        self.seed = seed
    }

    /// Parses `0-99`, `42` or a list such as `0-9,42,90-99` into ascending numbers without repeats.
    public static func numbers(_ text: String) throws(CorpusError) -> [Int] {
        var numbers = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard (1...2).contains(bounds.count), let low = bounds.first!, let high = bounds.last!, low <= high,
                low >= 0, high <= 99
            else {
                throw CorpusError(.invalidOption, "--numbers '\(text)': use numbers 0-99, ranges like 0-99, commas")
            }
            numbers.formUnion(low...high)
        }
        return numbers.sorted()
    }

    /// The speakers to synthesize, language by language: the fold speakers, then the training-only ones.
    public func roster() throws(CorpusError) -> [Speaker] {
        var speakers = try foldSpeakers()
        for language in languages {
            speakers += try SpeakerRoster.extraSpeakers(language, count: extraSpeakers ?? 0)
        }
        return speakers
    }

    /// The speakers that `folds.json` deals into folds.
    public func foldSpeakers() throws(CorpusError) -> [Speaker] {
        var speakers: [Speaker] = []
        for language in languages { speakers += try SpeakerRoster.speakers(language, count: self.speakers) }
        return speakers
    }

    /// Refuses options that cannot make a corpus, naming the option.
    public func validate() throws(CorpusError) {
        guard !languages.isEmpty, Set(languages).count == languages.count else {
            throw CorpusError(.invalidOption, "--languages: name each language once, at least one")
        }
        guard !numbers.isEmpty, numbers.allSatisfy({ (0...99).contains($0) }), numbers == numbers.sorted(),
            Set(numbers).count == numbers.count
        else {
            throw CorpusError(.invalidOption, "--numbers: ascending numbers within 0-99, at least one")
        }
        guard (8000...48000).contains(sampleRate) else {
            throw CorpusError(.invalidOption, "--sample-rate \(sampleRate): choose 8000 to 48000 Hz")
        }
        _ = try roster()
    }

    /// Reads `generator.json`, or nil when the folder has none.
    static func load(from folder: URL) throws(CorpusError) -> GenerationOptions? {
        let url = folder.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(GenerationOptions.self, from: Data(contentsOf: url))
        } catch {
            throw CorpusError(.invalidFormat, "\(url.path) is not a generator settings file: \(error)")
        }
    }

    /// The JSON of `generator.json`, sorted keys so the same options give the same bytes.
    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
