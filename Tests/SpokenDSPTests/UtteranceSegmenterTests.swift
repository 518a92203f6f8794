import Foundation
import SpokenDSP
import TestSupport
import Testing

@Suite("UtteranceSegmenter")
struct UtteranceSegmenterTests {
    static let frontEnd = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)
    static let rate = 16000

    /// Gaussian-like white noise (sum of uniforms) with standard deviation `deviation`, from `seed`.
    static func noise(count: Int, deviation: Float, seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<4).reduce(Float(0)) { sum, _ in sum + Float.random(in: -1...1, using: &random) } * deviation * 0.866
        }
    }

    /// Every event for `signal`, streamed in chunks of `chunk` samples, with the utterances copied out.
    static func events(
        _ signal: [Float], chunk: Int = 1000, config: SegmenterConfig = SegmenterConfig(),
        frontEnd: FrontEndConfig = frontEnd
    ) throws
        -> [(kind: String, speech: Range<Int>, samples: Range<Int>, frames: FeatureMatrix?, split: Bool, decided: Int)]
    {
        let extractor = try FeatureExtractor(config: frontEnd)
        let segmenter = try UtteranceSegmenter(config: config, frontEnd: frontEnd)
        var result: [(String, Range<Int>, Range<Int>, FeatureMatrix?, Bool, Int)] = []
        func record(_ event: SegmenterEvent) {
            switch event {
            case .speechStarted(let sample): result.append(("start", sample..<sample, 0..<0, nil, false, sample))
            case .utterance(let u):
                result.append(("utterance", u.speechSamples, u.samples, u.matrix(), u.isSplit, u.decidedAt))
            }
        }
        try signal.withUnsafeBufferPointer { all in
            var offset = 0
            while offset < all.count {
                let end = min(all.count, offset + chunk)
                try extractor.push(UnsafeBufferPointer(rebasing: all[offset..<end])) { segmenter.push($0, record) }
                offset = end
            }
        }
        segmenter.finish(record)
        return result.map { (kind: $0.0, speech: $0.1, samples: $0.2, frames: $0.3, split: $0.4, decided: $0.5) }
    }

    /// 1 s of noise, then three 0.6 s vowels 0.25 s apart, 1 s of noise after, the noise `snrDB` below the vowels;
    /// and where the vowels are.
    static func vowelsInNoise(snrDB: Float) -> (signal: [Float], truth: [Range<Int>]) {
        let gap = [Float](repeating: 0, count: 4000)
        let vowel = SyntheticSpeech.vowel(seconds: 0.6)
        var clean = [Float](repeating: 0, count: 16000)
        var truth: [Range<Int>] = []
        for _ in 0..<3 {
            truth.append(clean.count..<(clean.count + vowel.count))
            clean += vowel + gap
        }
        clean += [Float](repeating: 0, count: 12000)
        let power = vowel.reduce(0) { $0 + $1 * $1 } / Float(vowel.count)
        let noise = Self.noise(
            count: clean.count, deviation: (power / pow(10, snrDB / 10)).squareRoot(), seed: 7)
        return (zip(clean, noise).map(+), truth)
    }

    /// A hangover in samples of 10 ms hops.
    static func samples(hangover seconds: Double) -> Int { Int((seconds * 100).rounded()) * 160 }

    @Test(
        "sounds in noise become one utterance each, announced first, ended the hangover after their last frame"
    )
    func utterancesInNoise() throws {
        let (signal, truth) = Self.vowelsInNoise(snrDB: 20)
        let events = try Self.events(signal)

        #expect(events.map(\.kind) == ["start", "utterance", "start", "utterance", "start", "utterance"])
        let utterances = events.filter { $0.kind == "utterance" }
        for (utterance, expected) in zip(utterances, truth) {
            // Speech frames start within a frame and a half of the sound (the window reaches 512 samples ahead).
            #expect(abs(utterance.speech.lowerBound - expected.lowerBound) <= 800)
            #expect(abs(utterance.speech.upperBound - expected.upperBound) <= 800)
            let hangover = Self.samples(hangover: SegmenterConfig().hangoverSeconds)
            #expect(utterance.decided - utterance.speech.upperBound == hangover)
            #expect(!utterance.split)
            // The frames start 0.2 s before the speech and end 50 ms after it.
            #expect(utterance.samples.lowerBound == utterance.speech.lowerBound - 3200)
            #expect(utterance.samples.upperBound == utterance.speech.upperBound + 800)
            #expect(utterance.frames?.frameCount == (utterance.samples.count - 512) / 160 + 1)
        }
        let starts = events.filter { $0.kind == "start" }.map(\.speech.lowerBound)
        #expect(starts == utterances.map(\.speech.lowerBound))
    }

    @Test("in a silent room speech ends with the last frame whose own window holds the sound, not two frames later")
    func quietRoomEndsOnEachFramesLevel() throws {
        let vowel = SyntheticSpeech.vowel(seconds: 0.6)
        let end = 16000 + vowel.count
        let signal = [Float](repeating: 0, count: 16000) + vowel + [Float](repeating: 0, count: 16000)
        let utterances = try Self.events(signal).filter { $0.kind == "utterance" }
        try #require(utterances.count == 1)
        // The last frame whose window reaches into the vowel ends before `end + 512`; the 3-frame average alone
        // would carry the speech two frames (320 samples) past it.
        #expect((end - 160)..<(end + 512) ~= utterances[0].speech.upperBound)
        #expect(
            utterances[0].decided - utterances[0].speech.upperBound
                == Self.samples(hangover: SegmenterConfig().hangoverSeconds))
    }

    @Test("in louder noise each sound is still one utterance, ended the hangover after its last frame")
    func hangoverInNoise() throws {
        let (signal, truth) = Self.vowelsInNoise(snrDB: 10)
        let utterances = try Self.events(signal).filter { $0.kind == "utterance" }
        #expect(utterances.count == truth.count)
        for utterance in utterances {
            #expect(
                utterance.decided - utterance.speech.upperBound
                    == Self.samples(hangover: SegmenterConfig().hangoverSeconds))
        }
    }

    @Test("in a silent room a fading tail neither holds the end open nor starts another utterance")
    func fadingTailEndsSpeech() throws {
        let vowel = SyntheticSpeech.vowel(seconds: 0.6)
        // A reverberant tail: from 30 dB below the vowel down by 120 dB per second (RT60 0.5 s), for 0.5 s.
        let tail = SyntheticSpeech.vowel(seconds: 0.5).enumerated().map { index, sample in
            sample * pow(10, (-30 - 120 * Float(index) / 16000) / 20)
        }
        let silence = [Float](repeating: 0, count: 16000)
        let utterances = try Self.events(silence + vowel + tail + silence).filter { $0.kind == "utterance" }
        #expect(utterances.count == 1)
        // The tail falls 40 dB below the vowel about 80 ms after it; without the 40 dB rule the digital silence's
        // floor would make the whole tail speech, 0.5 s of it.
        let vowelEnd = silence.count + vowel.count
        #expect((utterances.first?.speech.upperBound ?? .max) <= vowelEnd + 2400)
    }

    @Test("the frames an utterance hands out are the extractor's frames of its samples")
    func framesAreTheStreamsFrames() throws {
        let signal =
            [Float](repeating: 0, count: 8000) + SyntheticSpeech.vowel(seconds: 0.5)
            + [Float](repeating: 0, count: 8000)
        let events = try Self.events(signal, chunk: 777)
        let utterance = try #require(events.first { $0.kind == "utterance" })
        let offline = try FeatureExtractor(config: Self.frontEnd).logMel(
            of: signal.withUnsafeBufferPointer { $0 }.extracting(0..<signal.count))
        let first = utterance.samples.lowerBound / 160
        let rows = (first..<(first + utterance.frames!.frameCount)).flatMap { offline.row($0) }
        #expect(utterance.frames?.values == rows)
    }

    @Test("a click shorter than the minimum is dropped without an event; silence gives none")
    func shortSoundsDropped() throws {
        let click =
            [Float](repeating: 0, count: 16000) + SyntheticSpeech.vowel(seconds: 0.05)
            + [Float](repeating: 0, count: 16000)
        #expect(try Self.events(click).isEmpty)
        #expect(try Self.events([Float](repeating: 0, count: 48000)).isEmpty)
    }

    @Test(
        "steady noise alone is never speech, from the stream's first frame, at 10 and 20 ms hops",
        arguments: [160, 320], [0.001, 0.03] as [Float])
    func steadyNoiseFromTheStart(hop: Int, deviation: Float) throws {
        let frontEnd = FrontEndConfig(sampleRate: Self.rate, nFFT: 512, hop: hop, mels: 40)
        for seed in UInt64(1)...8 {
            let noise = Self.noise(count: 3 * Self.rate, deviation: deviation, seed: seed)
            let events = try Self.events(noise, frontEnd: frontEnd)
            #expect(events.isEmpty, "seed \(seed): \(events.map { "\($0.kind) \($0.speech)" })")
        }
    }

    @Test("speech longer than the maximum is split, and goes on as the next utterance")
    func overlongSpeechSplit() throws {
        var config = SegmenterConfig()
        config.maximumSeconds = 1
        let long =
            [Float](repeating: 0, count: 8000) + SyntheticSpeech.vowel(seconds: 2.5)
            + [Float](repeating: 0, count: 8000)
        let utterances = try Self.events(long, config: config).filter { $0.kind == "utterance" }
        #expect(utterances.map(\.split) == [true, true, false])
        #expect(utterances[0].speech.count == 99 * 160 + 512)
        #expect(utterances[1].speech.lowerBound == utterances[0].speech.upperBound - 512 + 160)
    }

    @Test("speech at the end of a stream ends with it")
    func speechAtTheEnd() throws {
        let events = try Self.events([Float](repeating: 0, count: 8000) + SyntheticSpeech.vowel(seconds: 0.5))
        #expect(events.map(\.kind) == ["start", "utterance"])
    }

    @Test("a noise that grows for good is learnt: after a few seconds it is no longer speech")
    func noiseStepIsLearnt() throws {
        let quiet = Self.noise(count: 16000, deviation: 0.001, seed: 1)
        let loud = Self.noise(count: 16000 * 12, deviation: 0.05, seed: 2)
        let utterances = try Self.events(quiet + loud).filter { $0.kind == "utterance" }
        // The step itself may be taken for speech, but it ends within the maximum length.
        #expect(utterances.count <= 1)
        #expect(utterances.allSatisfy { $0.speech.upperBound < 16000 * 6 })
    }

    @Test("nonsensical settings are refused")
    func validation() {
        var config = SegmenterConfig()
        config.continueThreshold = 5
        #expect(throws: DSPError.self) { try UtteranceSegmenter(config: config, frontEnd: Self.frontEnd) }
        config = SegmenterConfig()
        config.bandEdges = [9000, 12000]
        #expect(throws: DSPError.self) { try UtteranceSegmenter(config: config, frontEnd: Self.frontEnd) }
    }
}
