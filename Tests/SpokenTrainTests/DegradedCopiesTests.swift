import Foundation
import SpokenAudio
import SpokenCorpus
import SpokenTrain
import Testing

@Suite("degraded copies")
struct DegradedCopiesTests {
    @Test("every degradation gets a folder of WAVs and a manifest that lists them with their labels")
    func copiesAndManifests() throws {
        let tiny = try TinyCorpus(speakers: 1, numbers: [0, 1])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let output = tiny.directory.appendingPathComponent("degraded")
        let copies = DegradedCopies()
        let unreadable = try copies.write(corpus.manifest.entries, of: corpus, to: output, jobs: 2)
        #expect(unreadable.isEmpty)
        #expect(copies.folders.count == Degradation.allCases.count + 1)
        for folder in copies.folders {
            let manifest = try CorpusManifest(contentsOf: output.appendingPathComponent("\(folder)/manifest.csv"))
            #expect(manifest.entries.map(\.path) == corpus.manifest.sorted.entries.map(\.path))
            #expect(manifest.entries.map(\.number) == corpus.manifest.sorted.entries.map(\.number))
            for entry in manifest.entries {
                let clip = try WAVFile(contentsOf: output.appendingPathComponent("\(folder)/\(entry.path)").path)
                #expect(abs(clip.duration - entry.durationSeconds) < 1e-3)
            }
        }
        let clean = try WAVFile(
            contentsOf: output.appendingPathComponent("clean/\(tiny.manifest.entries[0].path)").path)
        let original = try WAVFile(contentsOf: corpus.url(of: tiny.manifest.entries[0]).path)
        #expect(clean.samples == original.samples)
    }
}
