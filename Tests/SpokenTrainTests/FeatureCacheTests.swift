import Foundation
import SpokenAudio
import SpokenTrain
import Testing

@Suite("feature cache")
struct FeatureCacheTests {
    @Test("a second run with the same front end computes no features and reads back the same values")
    func secondRunReadsTheCache() throws {
        let tiny = try TinyCorpus()
        defer { tiny.remove() }
        let cache = FeatureCache(directory: tiny.directory.appendingPathComponent("cache"))
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let first = try cache.features(corpus: corpus, config: TinyCorpus.frontEnd, jobs: 2)
        let second = try cache.features(corpus: corpus, config: TinyCorpus.frontEnd, jobs: 2)
        #expect(first.computed)
        #expect(!second.computed)
        #expect(second.values == first.values)
        #expect(second.paths == tiny.manifest.entries.map(\.path))
    }

    @Test("another front end gets its own entry")
    func otherFrontEndComputesAgain() throws {
        let tiny = try TinyCorpus(speakers: 2, numbers: [0])
        defer { tiny.remove() }
        let cache = FeatureCache(directory: tiny.directory.appendingPathComponent("cache"))
        let corpus = try TrainingCorpus(directory: tiny.directory)
        var other = TinyCorpus.frontEnd
        other.mels = 32
        _ = try cache.features(corpus: corpus, config: TinyCorpus.frontEnd, jobs: 1)
        let changed = try cache.features(corpus: corpus, config: other, jobs: 1)
        #expect(changed.computed)
        #expect(changed.mels == 32)
        #expect(cache.url(corpus: corpus, config: other) != cache.url(corpus: corpus, config: TinyCorpus.frontEnd))
    }

    @Test("cached features are the daemon's features of each clip")
    func featuresMatchTheFrontEnd() throws {
        let tiny = try TinyCorpus(speakers: 1, numbers: [0, 5])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let features = try FeatureCache(directory: tiny.directory.appendingPathComponent("cache"))
            .features(corpus: corpus, config: TinyCorpus.frontEnd, jobs: 2)
        let labeled = features.labeled(corpus.manifest.entries, task: .number)
        for (index, entry) in corpus.manifest.entries.enumerated() {
            let expected = try WAVFile(contentsOf: corpus.url(of: entry).path).features(config: TinyCorpus.frontEnd)
            #expect(Array(labeled.example(index)) == expected.values)
            #expect(labeled.labels[index] == entry.number)
        }
    }

    @Test("missing and corrupt clips are listed and the others keep their features")
    func unreadableClipsAreListed() throws {
        let tiny = try TinyCorpus(speakers: 2, numbers: [0, 1])
        defer { tiny.remove() }
        let missing = tiny.manifest.entries[0].path
        let corrupt = tiny.manifest.entries[3].path
        try FileManager.default.removeItem(at: tiny.directory.appendingPathComponent(missing))
        try Data("RIFF garbage".utf8).write(to: tiny.directory.appendingPathComponent(corrupt))
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let features = try FeatureCache(directory: tiny.directory.appendingPathComponent("cache"))
            .features(corpus: corpus, config: TinyCorpus.frontEnd, jobs: 2)
        #expect(features.unreadable.map(\.path) == [missing, corrupt])
        #expect(features.paths.count == tiny.manifest.entries.count - 2)
        #expect(features.labeled(corpus.manifest.entries, task: .language).count == tiny.manifest.entries.count - 2)
    }
}
