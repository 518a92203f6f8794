import Foundation
import SpokenAudio
import SpokenDSP
import SpokenTrain
import Testing

@Suite("audio cache")
struct AudioCacheTests {
    @Test("clips are resampled and spoilt once: a second call reads them back, equal to the WAV reader's samples")
    func resampledOnce() throws {
        let tiny = try TinyCorpus(speakers: 1, numbers: [0, 1, 2], languages: [.en, .de])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let cache = AudioCache(directory: tiny.directory.appendingPathComponent("cache"))
        let entries = corpus.manifest.entries
        let clips = entries.enumerated().map { AudioCache.Clip($1, degradation: $0 % 2 == 0 ? nil : .noise10) }
        let first = try cache.audio(of: clips, corpus: corpus, sampleRate: 8000, jobs: 2)
        let second = try cache.audio(of: clips, corpus: corpus, sampleRate: 8000, jobs: 2)
        #expect(first.computed)
        #expect(!second.computed)
        #expect(second.key == first.key)
        #expect(second.paths == entries.map(\.path))
        for (index, entry) in entries.enumerated() {
            let resampled = try WAVFile(contentsOf: corpus.url(of: entry).path).mono().resampled(to: 8000).samples
            let expected =
                index % 2 == 0
                ? resampled : Degradation.noise10.apply(to: resampled, sampleRate: 8000, path: entry.path)
            #expect(Array(second.samples(at: index)) == expected)
        }
        let clean = try cache.audio(of: entries.map { AudioCache.Clip($0) }, corpus: corpus, sampleRate: 8000, jobs: 1)
        #expect(clean.computed, "other degradations are another entry")
        #expect(clean.key != first.key)
    }

    @Test("features of cached audio are the daemon's features of each clip, and computed once per front end")
    func featuresOfCachedAudio() throws {
        let tiny = try TinyCorpus(speakers: 1, numbers: [0, 5], languages: [.fr, .zh])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let entries = corpus.manifest.entries
        var frontEnd = TinyCorpus.frontEnd
        frontEnd.sampleRate = 8000
        frontEnd.nFFT = 256
        frontEnd.hop = 80
        frontEnd.fmax = 4000
        let audio = try AudioCache(directory: tiny.directory.appendingPathComponent("audio"))
            .audio(of: entries.map { AudioCache.Clip($0) }, corpus: corpus, sampleRate: 8000, jobs: 2)
        let cache = FeatureCache(directory: tiny.directory.appendingPathComponent("features"))
        let first = try cache.features(of: audio, config: frontEnd, jobs: 2)
        let second = try cache.features(of: audio, config: frontEnd, jobs: 2)
        #expect(first.computed)
        #expect(!second.computed)
        let labeled = second.labeled(entries, task: .number)
        for (index, entry) in entries.enumerated() {
            let expected = try WAVFile(contentsOf: corpus.url(of: entry).path).features(config: frontEnd)
            #expect(Array(labeled.example(index)) == expected.values)
        }
        #expect(throws: TrainError.self) { try cache.features(of: audio, config: TinyCorpus.frontEnd, jobs: 1) }
    }
}
