import SpokenDSP
import Testing

@Suite("VoiceActivityDetector")
struct VoiceActivityDetectorTests {
    static let frontEnd = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)

    /// The detector's score of the third of three frames lifted by `liftDB` in the mel bands `lifted`, after 3 s of
    /// stationary noise: every mel at -40 dB with a seeded jitter of up to ±1 dB per frame.
    static func score(lifting lifted: Range<Int>, by liftDB: Float) throws -> Float {
        let detector = try VoiceActivityDetector(frontEnd: frontEnd)
        var random = SplitMix64(seed: 3)
        var frame = [Float](repeating: 0, count: frontEnd.mels)
        var score = -Float.infinity
        for index in 0..<303 {
            for mel in frame.indices {
                let lift = index >= 300 && lifted.contains(mel) ? liftDB : 0
                frame[mel] = -40 + Float.random(in: -1...1, using: &random) + lift
            }
            score = frame.withUnsafeBufferPointer { detector.score($0) }
        }
        return score
    }

    @Test("a weak sound that lifts every band a little is speech, though no band alone stands out of the noise")
    func weakBroadbandSoundIsSpeech() throws {
        let onset = SegmenterConfig().onsetThreshold
        // Mels 9-12 are one of the ten bands (736-956 Hz).
        let oneBand = try Self.score(lifting: 9..<13, by: 1)
        let everyBand = try Self.score(lifting: 1..<40, by: 1)
        let noise = try Self.score(lifting: 0..<0, by: 0)
        #expect(noise < SegmenterConfig().continueThreshold)
        #expect(oneBand < onset)
        #expect(everyBand > onset)
    }
}
