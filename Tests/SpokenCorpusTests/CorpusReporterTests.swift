import Foundation
import SpokenAudio
import SpokenDSP
import Testing

@testable import SpokenCorpus

/// A tiny corpus on disk: 2 languages × 3 speakers × 5 numbers of 16 kHz synthetic "speech". English clips are
/// harmonic tones; German ones the same tones under loud noise, so their spectra differ the way languages' do not
/// need to — enough to check that the embedding keeps a real difference.
private struct TinyCorpus {
    let root: URL
    var entries: [ManifestEntry] = []
    static let f0 = ["A": 110.0, "B": 160.0, "C": 230.0]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-report-\(UUID())")
        var random = SplitMix64(seed: 9)
        for language in [Language.en, .de] {
            for (speaker, f0) in Self.f0.sorted(by: { $0.key < $1.key }) {
                for number in 0..<5 {
                    // de/C never says 4: a gap the report must find.
                    if language == .de && speaker == "C" && number == 4 { continue }
                    let count = 16000 * (30 + 5 * number) / 100
                    let samples = (0..<count).map { i -> Float in
                        let t = Double(i) / 16000
                        let envelope = sin(Double.pi * Double(i) / Double(count))
                        var x = (1...6).reduce(0.0) { $0 + sin(2 * Double.pi * f0 * Double($1) * t) / Double($1) }
                        if language == .de { x += 1.5 * (Double(random.next() >> 11) / Double(1 << 53) - 0.5) }
                        return Float(0.2 * envelope * x)
                    }
                    let path = "\(language.rawValue)/\(speaker)/\(number).wav"
                    let url = root.appendingPathComponent(path)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try WAVFile(sampleRate: 16000, channelCount: 1, samples: samples, format: .pcm16)
                        .write(to: url.path, as: .pcm16)
                    // English F0 comes from the manifest (a made-up value the report must show as given); German
                    // is left for the report to measure.
                    entries.append(
                        ManifestEntry(
                            path: path, language: language, number: number, speaker: speaker, sampleRate: 16000,
                            durationSeconds: Double(count) / 16000, f0Hz: language == .en ? f0 + 1 : nil))
                }
            }
        }
    }

    func writeManifest(_ extra: [ManifestEntry] = []) throws {
        try CorpusManifest(entries: entries + extra).write(to: root.appendingPathComponent(CorpusManifest.fileName))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite("CorpusReporter")
struct CorpusReporterTests {
    @Test("a tiny corpus gives counts, gaps, F0 per speaker, an embedding that keeps the languages apart, valid SVGs")
    func tinyCorpus() throws {
        let corpus = try TinyCorpus()
        defer { corpus.remove() }
        // A manifest row without a file, and a clip that is not a WAV.
        let ghost = ManifestEntry(
            path: "de/A/9.wav", language: .de, number: 9, speaker: "A", sampleRate: 16000, durationSeconds: 1)
        try Data("not a wav".utf8).write(to: corpus.root.appendingPathComponent("de/B/3.wav"))
        try corpus.writeManifest([ghost])
        let out = corpus.root.appendingPathComponent("report")
        let report = try CorpusReporter(jobs: 2).run(corpus: corpus.root, output: out)

        #expect(report.counts.numbers == [0, 1, 2, 3, 4, 9])
        #expect(report.counts.clips == [.en: 15, .de: 15])
        #expect(report.counts.absentFiles == ["de/A/9.wav"])
        let deC = try #require(report.counts.gaps.first { $0.language == .de && $0.speaker == "C" })
        #expect(deC.numbers == [4, 9])
        #expect(Set(report.unreadable.map(\.path)) == ["de/A/9.wav", "de/B/3.wav"])

        for speaker in report.pitch {
            let truth = TinyCorpus.f0[speaker.speaker]!
            let median = try #require(speaker.medianF0)
            if speaker.language == .en {
                #expect(median == truth + 1, "manifest F0 is used as given")
            } else {
                #expect(abs(median - truth) / truth < 0.02, "\(speaker.speaker): \(median) Hz measured")
            }
        }

        #expect(report.embeddedClips == 28)
        #expect(report.languageAgreementFeatures > 0.95)
        #expect(report.languageAgreementEmbedded > 0.9)
        // Speakers have distinct F0, so a clip's 10 neighbours hold its own speaker's other 3–4 clips: at most
        // 0.4 of them, chance 1/6.
        #expect(report.speakerAgreementEmbedded > 0.3)
        #expect(report.numberAgreementEmbedded.isFinite)

        for name in ["durations.svg", "f0-languages.svg", "f0-speakers.svg", "embedding-umap.svg", "embedding-pca.svg"]
        {
            let svg = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(SVGCheck.parse(svg) != nil, "\(name) is not well-formed")
            #expect(report.markdown.contains("(\(name))"), "report.md does not link \(name)")
        }
        let umap = try #require(
            SVGCheck.parse(String(contentsOf: out.appendingPathComponent("embedding-umap.svg"), encoding: .utf8)))
        #expect(umap.elements["circle"] == 28)
        let written = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(written == report.markdown)
        #expect(written.contains("de/C: 4, 9"))
        #expect(written.contains("| A | 5 | 6 |") && written.contains("| C | 5 | 4 |"), "clips per speaker, en | de")
        #expect(written.contains("de/B/3.wav"))

        // Same corpus and seed, same picture.
        let again = corpus.root.appendingPathComponent("again")
        _ = try CorpusReporter(jobs: 1).run(corpus: corpus.root, output: again)
        #expect(
            try Data(contentsOf: out.appendingPathComponent("embedding.csv"))
                == Data(contentsOf: again.appendingPathComponent("embedding.csv")))
    }

    @Test("the embedding sample is deterministic, distinct and capped")
    func sample() {
        let a = CorpusReporter.sample(count: 1000, size: 100, seed: 1)
        #expect(a == CorpusReporter.sample(count: 1000, size: 100, seed: 1))
        #expect(a != CorpusReporter.sample(count: 1000, size: 100, seed: 2))
        #expect(Set(a).count == 100 && a == a.sorted() && a.allSatisfy { (0..<1000).contains($0) })
        #expect(CorpusReporter.sample(count: 5, size: 100, seed: 1) == [0, 1, 2, 3, 4])
    }

    @Test("a folder without a manifest is one clear error")
    func noManifest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-empty-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: CorpusError.self) {
            try CorpusReporter().run(corpus: folder, output: folder.appendingPathComponent("r"))
        }
        #expect(error?.detail.contains(CorpusManifest.fileName) == true)
    }

    @Test("clip summaries are per-band mean and population standard deviation")
    func summaries() throws {
        // numpy: x = [[1, 10], [3, 10], [5, 40]]; x.mean(0) = [3, 20], x.std(0) = [1.63299316, 14.14213562]
        let matrix = FeatureMatrix(frameCount: 3, melCount: 2, values: [1, 10, 3, 10, 5, 40])
        let summary = try #require(ClipSummary.of(matrix))
        #expect(summary[0] == 3 && summary[1] == 20)
        #expect(abs(summary[2] - 1.632_993_16) < 1e-7 && abs(summary[3] - 14.142_135_62) < 1e-6)
        #expect(ClipSummary.of(FeatureMatrix(frameCount: 0, melCount: 2, values: [])) == nil)
        let z = ClipSummary.standardized([[1, 5], [3, 5]])
        #expect(z == [[-1, 0], [1, 0]])
    }
}
