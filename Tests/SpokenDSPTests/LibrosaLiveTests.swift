import Foundation
import SpokenDSP
import TestSupport
import Testing

/// The front end against librosa run *now* on a freshly synthesised signal and randomly drawn options, so the
/// comparison cannot go stale with the committed fixtures. Skipped only where the Python references are missing
/// locally; under CI they must run.
@Suite("log-mel features equal librosa's on a fresh signal", .enabled(if: PythonReference.isAvailable))
struct LibrosaLiveTests {
    struct Reference: Decodable {
        struct Matrix: Decodable {
            let shape: [Int]
            let values: [Double]
        }
        let logMel: Matrix
        let filterbank: Matrix

        enum CodingKeys: String, CodingKey {
            case filterbank
            case logMel = "log_mel"
        }
    }

    /// A random variant of a base configuration: scale, norm, window, power, centring, padding, top_db, frames.
    static func variant(of base: FrontEndConfig, using random: inout some RandomNumberGenerator) -> FrontEndConfig {
        var config = base
        config.window = Window.allCases.randomElement(using: &random)!
        config.melScale = MelScale.allCases.randomElement(using: &random)!
        config.melNorm = MelNorm.allCases.randomElement(using: &random)!
        config.power = Bool.random(using: &random) ? 2 : 1
        config.center = Bool.random(using: &random)
        config.padMode = PadMode.allCases.randomElement(using: &random)!
        config.fmin = Bool.random(using: &random) ? 0 : Double.random(in: 20...300, using: &random).rounded()
        config.fmax = Double(base.sampleRate) / 2 - (Bool.random(using: &random) ? 0 : 200)
        config.log.topDB = Bool.random(using: &random) ? 80 : nil
        config.frames = Bool.random(using: &random) ? Int.random(in: 10...120, using: &random) : nil
        config.fit = FrameFit.allCases.randomElement(using: &random)!
        return config
    }

    /// A speech-like signal: harmonics of a gliding F0 under a syllable envelope, a noise floor ~40 dB down.
    static func speechLike(sampleRate: Int, using random: inout some RandomNumberGenerator) -> [Float] {
        let count = Int.random(in: (sampleRate * 3 / 10)...(sampleRate * 6 / 5), using: &random)
        let f0 = Double.random(in: 90...260, using: &random)
        let rate = Double.random(in: 1.5...4, using: &random)
        let rateHz = Double(sampleRate)
        var phase = 0.0
        return (0..<count).map { n in
            let t = Double(n) / rateHz
            phase += 2 * .pi * f0 * (1 + 0.2 * sin(2 * .pi * 0.9 * t)) / rateHz
            var voiced = 0.0
            var k = 1.0
            while k * f0 * 1.3 < rateHz / 2 && k <= 15 {
                voiced += sin(k * phase) / k
                k += 1
            }
            let envelope = 0.05 + 0.95 * pow(abs(sin(.pi * rate * t)), 2)
            let noise = Double.random(in: -1...1, using: &random) * 0.012
            return Float(0.3 * envelope * voiced + noise)
        }
    }

    @Test(
        "features(of:) is within 1e-3 dB of librosa and the filterbank within 1e-6",
        arguments: [
            FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40),
            FrontEndConfig(sampleRate: 8000, nFFT: 256, hop: 128, mels: 32),
            FrontEndConfig(sampleRate: 16000, nFFT: 1024, hop: 396, mels: 96),
        ])
    func matchesLibrosaNow(base: FrontEndConfig) throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SplitMix64(seed: seed)
        let config = Self.variant(of: base, using: &random)
        let signal = Self.speechLike(sampleRate: config.sampleRate, using: &random)
        let context = "seed \(seed), config \(String(decoding: config.json(), as: UTF8.self))"

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-dsp-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let signalFile = directory.appendingPathComponent("signal.f32")
        try Data(signal.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }).write(to: signalFile)
        let request: [String: Any] = [
            "config": try JSONSerialization.jsonObject(with: config.json()), "signal": signalFile.path,
        ]
        let input = directory.appendingPathComponent("in.json")
        let output = directory.appendingPathComponent("out.json")
        try JSONSerialization.data(withJSONObject: request).write(to: input)
        try PythonReference.run("make_dsp_fixtures.py", ["--compare", input.path, output.path])
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: output))

        let extractor = try FeatureExtractor(config: config)
        let features = extractor.features(of: signal)
        #expect(features.shape == reference.logMel.shape, "\(context)")
        try #require(features.values.count == reference.logMel.values.count)
        let error = zip(features.values, reference.logMel.values).map { abs(Double($0) - $1) }.max() ?? 0
        print(
            "fresh \(config.sampleRate)/\(config.nFFT)/\(config.hop)/\(config.mels): max |Δ| = \(error) dB; \(context)")
        #expect(error <= 1e-3, "\(context)")

        #expect([extractor.filterbank.melCount, extractor.filterbank.binCount] == reference.filterbank.shape)
        let weightError =
            zip(extractor.filterbank.weights, reference.filterbank.values).map { abs(Double($0) - $1) }
            .max() ?? 0
        #expect(weightError <= 1e-6, "\(context)")
    }
}
