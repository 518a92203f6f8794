import Foundation
import Testing

@testable import SpokenCorpus

@Suite("manifest.csv")
struct CorpusManifestTests {
    static let generated = ManifestEntry(
        path: "fr/fr03/71.wav", language: .fr, number: 71, speaker: "fr03", sampleRate: 16000,
        durationSeconds: 0.81234, f0Hz: 121.46,
        settings: VoiceSettings(voice: "fr-be", variant: "klatt3", pitch: 40, range: 60, rate: 150, wordGap: 2))
    static let imported = ManifestEntry(
        path: "de/Freya, \"the\" voice/42.wav", language: .de, number: 42, speaker: "Freya, \"the\" voice",
        sampleRate: 16000, durationSeconds: 1.5)
    static let synthesized = ManifestEntry(
        path: "en/pj03/42.wav", language: .en, number: 42, speaker: "pj03", sampleRate: 16000, durationSeconds: 0.7,
        synthesizer: "piper:en_US-joe-medium")

    @Test("writes a header and one row per clip with fixed decimals")
    func layout() {
        let text = CorpusManifest(entries: [Self.generated]).csv
        #expect(
            text == """
                path,language,number,speaker,sample_rate,duration_s,f0_hz,voice,variant,pitch,range,rate,word_gap,synthesizer
                fr/fr03/71.wav,fr,71,fr03,16000,0.8123,121.5,fr-be,klatt3,40,60,150,2,

                """)
    }

    @Test("quotes fields with commas and quotes, and reads them back")
    func quoting() throws {
        let manifest = CorpusManifest(entries: [Self.generated, Self.imported, Self.synthesized])
        let text = manifest.csv
        #expect(text.contains("\"de/Freya, \"\"the\"\" voice/42.wav\""))
        let read = try CorpusManifest(csv: text)
        #expect(read.entries.count == 3)
        #expect(read.entries[1] == Self.imported)
        #expect(read.entries[2] == Self.synthesized)
        #expect(read.entries[0].settings == Self.generated.settings)
        #expect(read.entries[0].durationSeconds == 0.8123)
        #expect(read.entries[0].f0Hz == 121.5)
        #expect(read.csv == text)
    }

    @Test("reads columns by name, in any order, with CRLF line ends and extra columns")
    func columnsByName() throws {
        let text =
            "speaker,extra,number,language,path,duration_s,sample_rate\r\nAnna,x,7,zh,zh/Anna/7.wav,0.5,44100\r\n"
        let read = try CorpusManifest(csv: text)
        #expect(
            read.entries == [
                ManifestEntry(
                    path: "zh/Anna/7.wav", language: .zh, number: 7, speaker: "Anna", sampleRate: 44100,
                    durationSeconds: 0.5)
            ])
    }

    @Test(
        "refuses broken manifests with the line that is wrong",
        arguments: [
            ("path,language,number,speaker,sample_rate\n", "no 'duration_s' column"),
            (
                "path,language,number,speaker,sample_rate,duration_s\na,xx,1,s,16000,1\n",
                "line 2: unknown language 'xx'"
            ),
            ("path,language,number,speaker,sample_rate,duration_s\na,en,100,s,16000,1\n", "number 100 is outside"),
            ("path,language,number,speaker,sample_rate,duration_s\na,en,1,s,16000\n", "5 fields, the header has 6"),
            ("path,language,number,speaker,sample_rate,duration_s\n\"a,en,1,s,16000,1\n", "never closed"),
            (
                "path,language,number,speaker,sample_rate,duration_s\na,en,one,s,16000,1\n",
                "number 'one' is not an integer"
            ),
        ])
    func refusesBroken(text: String, message: String) {
        #expect {
            try CorpusManifest(csv: text)
        } throws: { error in
            (error as? CorpusError)?.code == .invalidFormat && "\(error)".contains(message)
        }
    }

    @Test("round-trips through a file, written atomically")
    func file() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(CorpusManifest.fileName)
        let manifest = CorpusManifest(entries: [Self.imported, Self.generated]).sorted
        try manifest.write(to: url)
        #expect(try CorpusManifest(contentsOf: url).csv == manifest.csv)
        #expect(manifest.entries.map(\.language) == [.de, .fr])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [CorpusManifest.fileName])
    }
}
