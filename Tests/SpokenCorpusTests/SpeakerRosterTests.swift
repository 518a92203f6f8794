import Foundation
import SpokenDSP
import Testing

@testable import SpokenCorpus

@Suite("speaker roster")
struct SpeakerRosterTests {
    @Test(
        "32 speakers per language with unique names, variants and rates, spread pitches, all within espeak-ng's ranges")
    func roster() throws {
        for language in Language.allCases {
            let speakers = SpeakerRoster.speakers(language)
            #expect(speakers.count == 32)
            #expect(Set(speakers.map(\.name)).count == 32)
            #expect(Set(speakers.map(\.settings.variant)).count == 32)
            #expect(Set(speakers.map(\.settings.pitch)).count >= 28)
            #expect(Set(speakers.map(\.settings.rate)).count == 32)
            #expect(speakers.allSatisfy { $0.language == language })
            for speaker in speakers { try speaker.settings.validate() }
        }
        #expect(Set(SpeakerRoster.speakers(.en).map(\.settings.voice)).count == 7)
        #expect(SpeakerRoster.speakers(.fr).filter { $0.settings.voice == "fr" }.count == 24)
        #expect(SpeakerRoster.speakers(.zh).allSatisfy { $0.settings.voice == "cmn" })
        #expect(throws: CorpusError.self) { try SpeakerRoster.speakers(.de, count: 33) }
    }

    @Test("32 extra speakers per language, en33…en64, whose variants are not and do not derive from the roster's")
    func extraSpeakers() throws {
        let standard = SpeakerRoster.variants.map { $0.lowercased() }
        for language in Language.allCases {
            let extra = try SpeakerRoster.extraSpeakers(language, count: 32)
            #expect(extra.map(\.name) == (33...64).map { "\(language.rawValue)\($0)" })
            let variants = extra.map { $0.settings.variant!.lowercased() }
            #expect(Set(variants).count == 32)
            for variant in variants {
                #expect(!standard.contains { variant.hasPrefix($0) || $0.hasPrefix(variant) }, "\(variant)")
            }
            #expect(Set(extra.map(\.settings.rate)).count == 32)
            #expect(zip(extra, SpeakerRoster.speakers(language)).allSatisfy { $0.settings.voice == $1.settings.voice })
            for speaker in extra { try speaker.settings.validate() }
        }
        #expect(throws: CorpusError.self) { try SpeakerRoster.extraSpeakers(.de, count: 33) }
    }

    /// A speaker's voice over four utterances: its timbre (the mean log-mel spectrum of the loud frames, 40 values in
    /// dB; pitch shows in it too, through the harmonics) and its tempo (20·log10 of the total length, dB-like).
    static func fingerprint(_ synthesizer: Synthesizer, _ settings: VoiceSettings) throws -> [Double] {
        let extractor = try FeatureExtractor(
            config: FrontEndConfig(sampleRate: Synthesizer.nativeSampleRate, nFFT: 1024, hop: 256, mels: 40))
        var loud: [[Float]] = []
        var length = 0
        for text in ["42", "17", "85", "3"] {
            let samples = try synthesizer.synthesize(text, settings: settings).map { Float($0) / 32768 }
            length += samples.count
            let features = extractor.features(of: samples)
            let frames = (0..<features.frameCount).map { frame in (0..<features.melCount).map { features[frame, $0] } }
            let loudest = frames.map { $0.max()! }.max()!
            loud += frames.filter { $0.max()! > loudest - 30 }
        }
        let timbre = (0..<extractor.melCount).map { mel in
            loud.map { Double($0[mel]) }.reduce(0, +) / Double(loud.count)
        }
        return timbre + [20 * log10(Double(length))]
    }

    /// How far apart two voices are: the larger of the RMS timbre difference and the tempo difference, in dB.
    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        let mels = a.count - 1
        let timbre =
            (0..<mels).map { (a[$0] - b[$0]) * (a[$0] - b[$0]) }.reduce(0, +).squareRoot()
            / Double(mels).squareRoot()
        return max(timbre, abs(a[mels] - b[mels]))
    }

    @Test("every speaker, extra ones too, sounds different from every other of its language, and its variant applies")
    func speakersDiffer() throws {
        let synthesizer = try Synthesizer()
        for language in Language.allCases {
            let speakers = try SpeakerRoster.speakers(language) + SpeakerRoster.extraSpeakers(language, count: 32)
            // Synthesis carries some state from one call to the next (pitch flutter), so the same speaker twice is
            // not bit-identical in one process: that spread is the noise floor the differences must clear.
            var noise = 0.0
            var prints: [[Double]] = []
            var effects: [(String, Double)] = []
            for speaker in speakers {
                let once = try Self.fingerprint(synthesizer, speaker.settings)
                let twice = try Self.fingerprint(synthesizer, speaker.settings)
                noise = max(noise, Self.distance(once, twice))
                prints.append(once)
                var plain = speaker.settings
                plain.variant = nil
                let withoutVariant = try Self.fingerprint(synthesizer, plain)
                effects.append((speaker.name, Self.distance(once, withoutVariant)))
            }
            // An ignored variant would leave its speaker at the noise floor.
            for (name, effect) in effects {
                #expect(
                    effect > 1.5 * noise, "\(name): its variant changes the voice by \(effect) dB, noise \(noise) dB")
            }
            for i in speakers.indices {
                for j in speakers.indices where j > i {
                    let distance = Self.distance(prints[i], prints[j])
                    #expect(
                        distance > 1.5 * noise,
                        "\(speakers[i].name) and \(speakers[j].name) differ by \(distance) dB, noise \(noise) dB")
                }
            }
        }
    }
}
