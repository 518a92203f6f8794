import Foundation
import SpokenDSP

/// The speaker folds of a corpus, `DIR/folds.json`: as in SpokeN-100, 8 folds whose test sets partition each
/// language's speakers (32 speakers → 4 tested per fold, 28 left), and per fold a validation set taken from the
/// remaining speakers.
///
/// Invariants, checked whenever folds are made or loaded: every listed speaker is unique within its language; each
/// speaker is in exactly one fold's test set; every test or validation speaker is a listed speaker of that language;
/// validation is disjoint from the fold's test set and not empty when the language has more than one speaker; every
/// fold names the same languages as `speakers`.
public struct Folds: Codable, Hashable, Sendable {
    public static let fileName = "folds.json"
    /// SpokeN-100's fold count.
    public static let standardCount = 8

    /// Every speaker per language, in the corpus's order.
    public var speakers: [Language: [String]]
    public var folds: [Fold]

    /// Folds as given; throws when they break an invariant.
    public init(speakers: [Language: [String]], folds: [Fold]) throws(CorpusError) {
        self.speakers = speakers
        self.folds = folds
        try validate()
    }

    private enum CodingKeys: String, CodingKey { case speakers, folds }

    /// Decodes and checks the invariants, so no unchecked folds exist.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            speakers: container.decode([Language: [String]].self, forKey: .speakers),
            folds: container.decode([Fold].self, forKey: .folds))
    }

    /// Deals each language's speakers, shuffled with `seed`, round-robin into `count` test sets (fewer when a
    /// language has fewer speakers than `count`); fold *k* validates on fold *k + 1*'s test speakers, which are
    /// disjoint from its own and as many.
    public static func make(
        speakers: [Language: [String]], count: Int = standardCount, seed: UInt64
    ) throws(CorpusError) -> Folds {
        guard count >= 1 else { throw CorpusError(.invalidOption, "fold count \(count) must be at least 1") }
        guard let smallest = speakers.values.map(\.count).min(), smallest >= 1 else {
            throw CorpusError(.invalidOption, "folds need at least one speaker in every language")
        }
        let foldCount = min(count, smallest)
        var tests = Array(repeating: [Language: [String]](), count: foldCount)
        for language in speakers.keys.sorted() {
            // One generator per language, seeded from the seed and the language alone, so adding a language does
            // not move another language's speakers between folds.
            var generator = SplitMix64(
                seed: seed ^ (UInt64(Language.allCases.firstIndex(of: language)!) &+ 1) &* 0x1000_0001)
            var names = speakers[language]!
            generator.shuffle(&names)
            for (position, name) in names.enumerated() {
                tests[position % foldCount][language, default: []].append(name)
            }
        }
        let folds = (0..<foldCount).map { index in
            Fold(test: tests[index], validation: foldCount > 1 ? tests[(index + 1) % foldCount] : [:])
        }
        return try Folds(speakers: speakers, folds: folds)
    }

    /// The speakers of `language` that fold `index` trains on: neither tested nor validated.
    public func training(fold index: Int, language: Language) -> [String] {
        let fold = folds[index]
        let excluded = Set((fold.test[language] ?? []) + (fold.validation[language] ?? []))
        return (speakers[language] ?? []).filter { !excluded.contains($0) }
    }

    /// Checks the invariants listed on the type.
    public func validate() throws(CorpusError) {
        guard !folds.isEmpty else { throw CorpusError(.invalidFormat, "folds: there are no folds") }
        for (language, names) in speakers.sorted(by: { $0.key < $1.key }) {
            let known = Set(names)
            guard known.count == names.count else {
                throw CorpusError(.invalidFormat, "folds: a \(language.rawValue) speaker is listed twice")
            }
            var testedIn: [String: Int] = [:]
            for (index, fold) in folds.enumerated() {
                let test = fold.test[language] ?? []
                let validation = fold.validation[language] ?? []
                for name in test + validation where !known.contains(name) {
                    throw CorpusError(
                        .invalidFormat,
                        "folds: fold \(index + 1) names \(language.rawValue) speaker '\(name)', who is not listed")
                }
                for name in test {
                    if let earlier = testedIn[name] {
                        throw CorpusError(
                            .invalidFormat,
                            "folds: \(language.rawValue) speaker '\(name)' is tested in folds \(earlier + 1) and \(index + 1)"
                        )
                    }
                    testedIn[name] = index
                }
                if let overlap = Set(test).intersection(validation).sorted().first {
                    throw CorpusError(
                        .invalidFormat,
                        "folds: fold \(index + 1) validates on its own \(language.rawValue) test speaker '\(overlap)'")
                }
                if names.count > 1 && validation.isEmpty {
                    throw CorpusError(
                        .invalidFormat, "folds: fold \(index + 1) has no \(language.rawValue) validation speakers")
                }
            }
            if let untested = names.first(where: { testedIn[$0] == nil }) {
                throw CorpusError(
                    .invalidFormat, "folds: \(language.rawValue) speaker '\(untested)' is in no test fold")
            }
        }
        for (index, fold) in folds.enumerated() {
            for language in Set(fold.test.keys).union(fold.validation.keys) where speakers[language] == nil {
                throw CorpusError(
                    .invalidFormat,
                    "folds: fold \(index + 1) names language '\(language.rawValue)', which has no speakers")
            }
        }
    }

    /// The JSON text of `folds.json`: sorted keys and a fixed layout, so the same folds give the same bytes.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).map { $0 + Data("\n".utf8) } ?? Data()
    }

    /// Reads and checks `folds.json`.
    public init(contentsOf url: URL) throws(CorpusError) {
        let data = try CorpusError.contents(of: url)
        do {
            self = try JSONDecoder().decode(Folds.self, from: data)
        } catch let error as CorpusError {
            throw CorpusError(.invalidFormat, "\(url.path): \(error.detail)")
        } catch {
            throw CorpusError(.invalidFormat, "\(url.path) is not a folds file: \(error)")
        }
    }

    /// Writes `folds.json` atomically.
    public func write(to url: URL) throws(CorpusError) {
        do {
            try json().write(to: url, options: .atomic)
        } catch {
            throw CorpusError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
