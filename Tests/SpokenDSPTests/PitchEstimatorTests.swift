import Foundation
import SpokenDSP
import TestSupport
import Testing

/// Synthetic voiced signals with a known F0 contour.
private enum Voice {
    /// A harmonic tone (harmonics 1…`harmonics` with 1/h amplitudes) whose F0 moves linearly from `from` to `to`,
    /// between `silence` seconds of quiet on each side, plus a little deterministic noise.
    static func glide(
        from: Double, to: Double, seconds: Double, sampleRate: Double, harmonics: Int = 6, silence: Double = 0.2,
        noise: Double = 0.002
    ) -> [Float] {
        let voiced = Int(seconds * sampleRate)
        let quiet = Int(silence * sampleRate)
        var out = [Float](repeating: 0, count: voiced + 2 * quiet)
        var phase = 0.0
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<out.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let dither = (Double(state >> 11) / Double(1 << 53) - 0.5) * 2 * noise
            let v = i - quiet
            guard v >= 0 && v < voiced else {
                out[i] = Float(dither)
                continue
            }
            let progress = Double(v) / Double(voiced)
            let f0 = from + (to - from) * progress
            phase += 2 * Double.pi * f0 / sampleRate
            var x = 0.0
            for h in 1...harmonics { x += sin(Double(h) * phase) / Double(h) }
            let envelope = sin(Double.pi * progress)  // rises and falls like a syllable
            out[i] = Float(0.3 * envelope * x + dither)
        }
        return out
    }
}

@Suite("PitchEstimator")
struct PitchEstimatorTests {
    @Test("pure and harmonic tones give their F0", arguments: [80.0, 110.0, 147.0, 200.0, 262.0])
    func knownF0(f0: Double) throws {
        let estimator = try PitchEstimator()
        let sr = PitchEstimator.Configuration.paper.sampleRate
        for harmonics in [1, 8] {
            let signal = Voice.glide(from: f0, to: f0, seconds: 0.8, sampleRate: sr, harmonics: harmonics, silence: 0)
            let clip = try #require(estimator.f0(signal))
            // librosa's difference function biases a pure low tone by up to 0.7 %; harmonics pin it down.
            #expect(
                abs(clip - f0) / f0 < (harmonics == 1 ? 0.01 : 0.005), "harmonics \(harmonics): \(clip) Hz for \(f0) Hz"
            )
        }
    }

    @Test("silence and white noise have no voiced F0")
    func unvoiced() throws {
        let estimator = try PitchEstimator()
        #expect(estimator.f0([Float](repeating: 0, count: 11025)) == nil)
        var state: UInt64 = 42
        let noise = (0..<11025).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Double(state >> 11) / Double(1 << 53) - 0.5)
        }
        let voicedFrames = estimator.frames(noise).filter(\.isVoiced).count
        #expect(voicedFrames <= 2, "\(voicedFrames) noise frames called voiced")
    }

    @Test("the 16 kHz configuration keeps the paper's durations and finds the same F0")
    func otherRate() throws {
        let c = PitchEstimator.Configuration(sampleRate: 16000)
        #expect(c.frameLength == 743 && c.hopLength == 186)
        let estimator = try PitchEstimator(c)
        let signal = Voice.glide(from: 130, to: 130, seconds: 0.6, sampleRate: 16000, silence: 0.1)
        let clip = try #require(estimator.f0(signal))
        #expect(abs(clip - 130) < 0.7)
    }

    @Test("paperF0 resamples to 11,025 Hz and measures there", arguments: [8000, 11025, 16000, 44100])
    func paperF0(sampleRate: Int) throws {
        let signal = Voice.glide(from: 140, to: 140, seconds: 0.5, sampleRate: Double(sampleRate), silence: 0.05)
        let f0 = try #require(try PitchEstimator.paperF0(signal, sampleRate: sampleRate))
        #expect(abs(f0 - 140) / 140 < 0.005, "\(f0) Hz from \(sampleRate) Hz")
        if sampleRate == 11025 { #expect(f0 == (try PitchEstimator(.paper)).f0(signal)) }
    }

    @Test("configurations that cannot work are refused")
    func invalid() {
        #expect(throws: DSPError.self) {
            try PitchEstimator(.init(sampleRate: 11025, frameLength: 512, hopLength: 128, fmin: 300, fmax: 200))
        }
        #expect(throws: DSPError.self) { try PitchEstimator(.init(sampleRate: 11025, frameLength: 8, hopLength: 4)) }
        #expect(throws: DSPError.self) { try PitchEstimator(.init(sampleRate: 11025, frameLength: 512, hopLength: 0)) }
    }

    @Test(
        "frames equal librosa.yin and the clip F0 is close to librosa.pyin's median",
        .enabled(if: PythonReference.isAvailable),
        arguments: [(95.0, 140.0, 11025.0), (180.0, 260.0, 11025.0), (120.0, 100.0, 16000.0)])
    func librosaReference(from: Double, to: Double, sampleRate: Double) throws {
        let config =
            sampleRate == 11025 ? PitchEstimator.Configuration.paper : .init(sampleRate: sampleRate)
        let estimator = try PitchEstimator(config)
        let signal = Voice.glide(from: from, to: to, seconds: 1.0, sampleRate: sampleRate)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-pitch-\(UUID()).f32")
        defer { try? FileManager.default.removeItem(at: file) }
        try signal.withUnsafeBytes { try Data($0).write(to: file) }
        let output = try PythonReference.run(
            "pitch_reference.py",
            [
                file.path, "\(config.sampleRate)", "\(config.frameLength)", "\(config.hopLength)", "\(config.fmin)",
                "\(config.fmax)",
            ])
        struct Reference: Decodable {
            let yin: [Double]
            let pyin: [Double?]
            let pyinVoiced: [Bool]
            enum CodingKeys: String, CodingKey {
                case yin, pyin
                case pyinVoiced = "pyin_voiced"
            }
        }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(output.utf8))
        let frames = estimator.frames(signal)
        try #require(frames.count == reference.yin.count)
        // Same algorithm in double precision: every frame agrees except where a trough sits on the threshold.
        let agreeing = zip(frames, reference.yin).filter { abs($0.f0 - $1) <= 1e-6 * $1 }.count
        #expect(agreeing >= frames.count - 1, "\(agreeing) of \(frames.count) frames equal librosa.yin")
        let voicedPYIN = zip(reference.pyin, reference.pyinVoiced).compactMap { f0, voiced in
            voiced ? f0.flatMap { config.voicedRange.contains($0) ? $0 : nil } : nil
        }
        let pyinMedian = try #require(voicedPYIN.sorted()[safe: voicedPYIN.count / 2])
        let ours = try #require(estimator.f0(signal))
        #expect(abs(ours - pyinMedian) / pyinMedian < 0.03, "YIN \(ours) Hz, pYIN \(pyinMedian) Hz")
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
