import Foundation
import Testing

@testable import SpokenCorpus

@Suite("folds.json")
struct FoldsTests {
    static let speakers: [Language: [String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            (language, (1...32).map { String(format: "\(language.rawValue)%02d", $0) })
        })

    @Test("32 speakers per language: 8 folds, 4 test, 4 validation and 24 training speakers each, SpokeN-100's shape")
    func standardShape() throws {
        let folds = try Folds.make(speakers: Self.speakers, seed: 7)
        #expect(folds.folds.count == 8)
        for language in Language.allCases {
            var tested: [String] = []
            for (index, fold) in folds.folds.enumerated() {
                let test = try #require(fold.test[language])
                let validation = try #require(fold.validation[language])
                #expect(test.count == 4)
                #expect(validation.count == 4)
                #expect(Set(test).isDisjoint(with: validation))
                let training = folds.training(fold: index, language: language)
                #expect(training.count == 24)
                #expect(Set(training).isDisjoint(with: test + validation))
                tested += test
            }
            #expect(tested.sorted() == Self.speakers[language]!.sorted())
        }
    }

    @Test("the same seed gives the same bytes; another seed other folds")
    func seeded() throws {
        let one = try Folds.make(speakers: Self.speakers, seed: 1).json()
        #expect(try Folds.make(speakers: Self.speakers, seed: 1).json() == one)
        #expect(try Folds.make(speakers: Self.speakers, seed: 2).json() != one)
        var english = Self.speakers
        english[.de] = nil
        #expect(
            try Folds.make(speakers: english, seed: 1).folds[0].test[.en]
                == Folds.make(speakers: Self.speakers, seed: 1).folds[0].test[.en])
    }

    @Test("two speakers make two folds that test and validate on each other")
    func tiny() throws {
        let folds = try Folds.make(speakers: [.en: ["a", "b"], .zh: ["c", "d"]], seed: 3)
        #expect(folds.folds.count == 2)
        for fold in folds.folds {
            #expect(fold.test[.en]!.count == 1)
            #expect(fold.validation[.en] != fold.test[.en])
        }
    }

    @Test("round-trips through folds.json")
    func file() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folds-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let folds = try Folds.make(speakers: Self.speakers, seed: 11)
        try folds.write(to: url)
        #expect(try Folds(contentsOf: url) == folds)
    }

    @Test(
        "refuses folds that break an invariant",
        arguments: [
            (
                #"{"speakers":{"en":["a","b"]},"folds":[{"test":{"en":["a"]},"validation":{"en":["a"]}},{"test":{"en":["b"]},"validation":{"en":["a"]}}]}"#,
                "validates on its own en test speaker 'a'"
            ),
            (
                #"{"speakers":{"en":["a","b"]},"folds":[{"test":{"en":["a"]},"validation":{"en":["b"]}},{"test":{"en":["a"]},"validation":{"en":["b"]}}]}"#,
                "tested in folds 1 and 2"
            ),
            (
                #"{"speakers":{"en":["a","b"]},"folds":[{"test":{"en":["a"]},"validation":{"en":["b"]}}]}"#,
                "'b' is in no test fold"
            ),
            (
                #"{"speakers":{"en":["a","b"]},"folds":[{"test":{"en":["a","b","c"]},"validation":{"en":["a"]}}]}"#,
                "who is not listed"
            ),
            (
                #"{"speakers":{"en":["a","b"]},"folds":[{"test":{"en":["a","b"]},"validation":{}}]}"#,
                "has no en validation speakers"
            ),
        ])
    func refusesBroken(json: String, message: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folds-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(json.utf8).write(to: url)
        #expect {
            try Folds(contentsOf: url)
        } throws: { error in
            (error as? CorpusError)?.code == .invalidFormat && "\(error)".contains(message)
        }
    }
}
