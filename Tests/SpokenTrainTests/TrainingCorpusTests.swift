import Foundation
import SpokenCorpus
import SpokenTrain
import Testing

@Suite("training corpus and folds")
struct TrainingCorpusTests {
    @Test("a fold's training, validation and test speakers are disjoint and cover the corpus")
    func foldPartsAreDisjoint() throws {
        let tiny = try TinyCorpus()
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let split = try corpus.split(fold: 1, task: .language)
        func speakers(_ part: [ManifestEntry]) -> Set<String> { Set(part.map { "\($0.language)/\($0.speaker)" }) }
        #expect(speakers(split.training).isDisjoint(with: speakers(split.test)))
        #expect(speakers(split.training).isDisjoint(with: speakers(split.validation)))
        #expect(speakers(split.validation).isDisjoint(with: speakers(split.test)))
        #expect(split.training.count + split.validation.count + split.test.count == tiny.manifest.entries.count)
    }

    @Test("held-out voices: no test speaker shares a voice variant with a training speaker", arguments: 0..<4)
    func heldOutVoicesShareNoVariant(fold: Int) throws {
        let tiny = try TinyCorpus(speakers: 8, numbers: [0])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory, scheme: .voices, seed: 3)
        #expect(corpus.folds.folds.count == 8)
        let split = try corpus.split(fold: fold, task: .language)
        let trained = Set(split.training.map { $0.settings!.variant! })
        let tested = Set(split.test.map { $0.settings!.variant! })
        #expect(!tested.isEmpty)
        #expect(trained.isDisjoint(with: tested))
        // Every language is tested: a variant speaks all four.
        #expect(Set(split.test.map(\.language)) == Set(Language.allCases))
    }

    @Test(
        "speakers folds.json does not list train in every fold, never validate or test", arguments: SplitScheme.allCases
    )
    func unlistedSpeakersOnlyTrain(scheme: SplitScheme) throws {
        let tiny = try TinyCorpus(speakers: 8, extraSpeakers: 2, numbers: [0])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory, scheme: scheme, seed: 3)
        let extra = Set(Language.allCases.flatMap { ["\($0)/\($0.rawValue)33", "\($0)/\($0.rawValue)34"] })
        for fold in corpus.folds.folds.indices {
            let split = try corpus.split(fold: fold, task: .language)
            func speakers(_ part: [ManifestEntry]) -> Set<String> { Set(part.map { "\($0.language)/\($0.speaker)" }) }
            #expect(extra.isSubset(of: speakers(split.training)))
            #expect(speakers(split.validation + split.test).isDisjoint(with: extra))
            #expect(split.test.count == 4, "fold \(fold): one listed speaker per language is tested")
        }
        // The held-out-voice test sets are those of the corpus without the extra speakers.
        let plain = try TinyCorpus(speakers: 8, numbers: [0])
        defer { plain.remove() }
        #expect(try TrainingCorpus(directory: plain.directory, scheme: scheme, seed: 3).folds == corpus.folds)
    }

    @Test("the speaker folds of a generated corpus do leak voices across languages")
    func speakerFoldsLeakVoices() throws {
        let tiny = try TinyCorpus(speakers: 8, numbers: [0])
        defer { tiny.remove() }
        let split = try TrainingCorpus(directory: tiny.directory).split(fold: 0, task: .language)
        let trained = Set(split.training.map { $0.settings!.variant! })
        #expect(!trained.isDisjoint(with: split.test.map { $0.settings!.variant! }))
    }

    @Test("a class with no training clips is refused before any work, and names the class")
    func emptyClassIsRefused() throws {
        let tiny = try TinyCorpus(languages: [.en, .de, .fr])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let error = #expect(throws: TrainError.self) { try corpus.split(fold: 0, task: .language) }
        #expect(error?.code == .invalidData)
        #expect(error?.description.contains("class zh has no training clips") == true)
        let numbers = #expect(throws: TrainError.self) { try corpus.split(fold: 0, task: .number) }
        #expect(numbers?.description.contains("3, 4, 5") == true)
    }

    @Test("a fold that does not exist is refused")
    func missingFoldIsRefused() throws {
        let tiny = try TinyCorpus()
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let error = #expect(throws: TrainError.self) { try corpus.split(fold: 4, task: .language) }
        #expect(error?.description == "fold 4 does not exist: the speakers split has folds 0…3")
    }

    @Test("a recording (no espeak-ng settings, no synthesizer) is refused for training, a synthesizer's clip is taken")
    func recordingsAreRefused() throws {
        let tiny = try TinyCorpus(speakers: 2, numbers: [0])
        defer { tiny.remove() }
        let manifest = tiny.directory.appendingPathComponent("manifest.csv")
        var entries = tiny.manifest.entries
        entries[1].settings = nil
        try CorpusManifest(entries: entries).write(to: manifest)
        let error = #expect(throws: TrainError.self) { try TrainingCorpus(directory: tiny.directory) }
        #expect(error?.description.contains("names no synthesizer") == true)
        entries[1].synthesizer = "piper:en_US-joe-medium"
        try CorpusManifest(entries: entries).write(to: manifest)
        let corpus = try TrainingCorpus(directory: tiny.directory)
        #expect(HeldOutVoices.voice(of: corpus.manifest.entries[1]) == "piper:en_US-joe-medium")
    }
}
