import Testing

@testable import SpokenCorpus

@Suite("SilenceTrimmer")
struct SilenceTrimmerTests {
    /// Silence, a 300-sample burst of a 0.5-amplitude square wave, silence.
    static func burst(before: Int, after: Int, noise: Float = 0) -> [Float] {
        let silence = { (count: Int) in (0..<count).map { $0 % 2 == 0 ? noise : -noise } }
        return silence(before) + (0..<300).map { ($0 / 5) % 2 == 0 ? 0.5 : -0.5 } + silence(after)
    }

    @Test("cuts long silences down to the margin on both sides")
    func cuts() {
        let trimmer = SilenceTrimmer(window: 20, thresholdDB: 40, margin: 50)
        let signal = Self.burst(before: 1000, after: 700)
        #expect(trimmer.speech(in: signal) == 981..<1319)
        let trimmed = trimmer.trim(signal)
        #expect(trimmed.count == 338 + 100)
        #expect(trimmed[50...].first { $0 != 0 } == 0.5)
        #expect(Array(trimmed[69..<369]) == Array(signal[1000..<1300]))
    }

    @Test("pads with zeros where the signal has less silence than the margin")
    func pads() {
        let trimmer = SilenceTrimmer(window: 20, thresholdDB: 40, margin: 50)
        let trimmed = trimmer.trim(Self.burst(before: 5, after: 0))
        #expect(trimmer.speech(in: Self.burst(before: 5, after: 0)) == 0..<305)
        #expect(trimmed.count == 50 + 305 + 50)
        #expect(trimmed.prefix(55).allSatisfy { $0 == 0 })
        #expect(trimmed[55] == 0.5)
        #expect(trimmed.suffix(50).allSatisfy { $0 == 0 })
    }

    @Test("noise 50 dB down is silence; silence alone is left as it is")
    func thresholds() {
        let trimmer = SilenceTrimmer(window: 20, thresholdDB: 40, margin: 50)
        #expect(trimmer.speech(in: Self.burst(before: 500, after: 500, noise: 0.0015)) == 481..<819)
        let quiet = [Float](repeating: 0, count: 400)
        #expect(trimmer.speech(in: quiet) == nil)
        #expect(trimmer.trim(quiet) == quiet)
    }
}
