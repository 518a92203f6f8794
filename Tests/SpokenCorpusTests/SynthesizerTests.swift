import Foundation
import Testing

@testable import SpokenCorpus

@Suite("Synthesizer (libespeak-ng)")
struct SynthesizerTests {
    @Test(
        "reads Arabic digits as the number words of each language",
        arguments: [
            ("en", "42", "f'o@ti t'u:"),  // forty-two
            ("en", "17", "s'Ev@nt,i:n"),  // seventeen
            ("de", "42", "tsv'aI _|Untf'IrtsIC"),  // zwei-und-vierzig
            ("de", "97", "z'i:b@n _|Untn'OYntsIC"),  // sieben-und-neunzig
            ("fr", "71", "swasA~te'O~z"),  // soixante-et-onze
            ("fr", "80", "katr@v'E~"),  // quatre-vingts
            ("fr-be", "71", "sEptA~te'W~"),  // septante-et-un
            ("fr-ch", "80", "yit2'A~t"),  // huitante
            ("cmn", "42", "s'i[51s.i.35_|,@r51_|"),  // sì (tone 4) shí (tone 2) èr (tone 4)
            ("cmn", "7", "tS;h'i55_|"),  // qī (tone 1)
        ])
    func numberReadings(voice: String, text: String, reading: String) throws {
        let read = try Synthesizer().phonemes(text, voice: voice)
        #expect(read == reading)
    }

    @Test("speaks at 22,050 Hz; a slower rate speaks longer")
    func speaks() throws {
        let synthesizer = try Synthesizer()
        #expect(synthesizer.sampleRate == Synthesizer.nativeSampleRate)
        let slow = try synthesizer.synthesize("97", settings: VoiceSettings(voice: "de", variant: "klatt4", rate: 100))
        let fast = try synthesizer.synthesize("97", settings: VoiceSettings(voice: "de", variant: "klatt4", rate: 300))
        #expect(slow.count > synthesizer.sampleRate / 2)
        #expect(slow.contains { abs(Int($0)) > 1000 })
        #expect(Double(fast.count) < 0.6 * Double(slow.count))
    }

    @Test(
        "refuses unknown voices and variants instead of speaking with the default",
        arguments: [VoiceSettings(voice: "xx-nowhere"), VoiceSettings(voice: "de", variant: "m99")])
    func unknownVoice(settings: VoiceSettings) throws {
        #expect {
            try Synthesizer().synthesize("1", settings: settings)
        } throws: { error in
            (error as? CorpusError)?.code == .invalidOption && "\(error)".contains("unknown espeak-ng voice")
        }
    }
}
