import Foundation
import SpokenAudio
import SpokenNN
import TestSupport
import Testing

/// A WAV to run `spokend features` on, the options to run it with, and the front-end JSON that librosa is given.
struct FeaturesCase: CustomTestStringConvertible, Sendable {
    let name: String
    let rate: Int
    let channels: Int
    let format: WAVSampleFormat
    let options: [String]
    let reference: String
    var testDescription: String { name }
}

@Suite("spokend features")
struct FeaturesCommandTests {
    /// 1.3 s of a gliding tone, a steady tone per channel and noise (deterministic), interleaved.
    static func signal(rate: Int, channels: Int) -> [Float] {
        let frames = rate * 13 / 10
        var seed: UInt64 = 0x5EED
        var samples = [Float](repeating: 0, count: frames * channels)
        for frame in 0..<frames {
            let t = Double(frame) / Double(rate)
            let glide = 0.4 * sin(2 * Double.pi * (200 * t + 1500 * t * t))
            for channel in 0..<channels {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Double(Int64(bitPattern: seed) >> 11) / Double(1 << 52) * 0.05
                let tone = 0.2 * sin(2 * Double.pi * Double(300 + 200 * channel) * t)
                samples[frame * channels + channel] = Float(glide + tone + noise)
            }
        }
        return samples
    }

    static let cases = [
        FeaturesCase(
            name: "16 kHz mono 16-bit, default front end", rate: 16000, channels: 1, format: .pcm16, options: [],
            reference: #"{"sample_rate": 16000, "n_fft": 512, "hop": 160, "mels": 40, "log": {"top_db": 80}}"#),
        FeaturesCase(
            name: "44.1 kHz stereo float, --config", rate: 44100, channels: 2, format: .float32,
            options: ["--config", "CONFIG"],
            reference: #"{"sample_rate": 16000, "n_fft": 1024, "hop": 396, "mels": 96, "log": {"kind": "db"}}"#),
        FeaturesCase(
            name: "48 kHz 3-channel 24-bit to 8 kHz, options", rate: 48000, channels: 3, format: .pcm24,
            options: [
                "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--mels", "32", "--window", "hamming",
                "--mel-scale", "htk", "--top-db", "60",
            ],
            reference: #"""
                {"sample_rate": 8000, "n_fft": 256, "hop": 128, "mels": 32, "window": "hamming", "mel_scale": "htk",
                 "log": {"top_db": 60}}
                """#),
        FeaturesCase(
            name: "each mel band less its mean, padded to 80 frames", rate: 16000, channels: 1, format: .pcm16,
            options: ["--config", "CONFIG"],
            reference: #"""
                {"sample_rate": 16000, "n_fft": 512, "hop": 320, "mels": 40, "frames": 80, "normalize": "mel_mean",
                 "log": {"kind": "db"}}
                """#),
        FeaturesCase(
            name: "each mel band less its mean, top_db, cropped to 40 frames", rate: 16000, channels: 1,
            format: .pcm16, options: ["--config", "CONFIG"],
            reference: #"""
                {"sample_rate": 16000, "n_fft": 512, "hop": 320, "mels": 40, "frames": 40, "normalize": "mel_mean",
                 "log": {"top_db": 50}}
                """#),
    ]

    @Test(
        "writes float32 [frames, mels] equal to librosa on the same WAV within 1e-3 dB",
        .enabled(if: PythonReference.isAvailable),
        arguments: cases)
    func matchesLibrosa(testCase: FeaturesCase) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-features-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let wav = directory.appendingPathComponent("in.wav").path
        let npy = directory.appendingPathComponent("out.npy").path
        let config = directory.appendingPathComponent("frontend.json").path
        try WAVFile(
            sampleRate: testCase.rate, channelCount: testCase.channels,
            samples: Self.signal(rate: testCase.rate, channels: testCase.channels)
        ).write(to: wav, as: testCase.format)
        // The JSON config for --config is the reference's, plus the "kind" that spokend requires.
        try Data(testCase.reference.replacingOccurrences(of: #""log": {"#, with: #""log": {"kind": "db", "#).utf8)
            .write(to: URL(fileURLWithPath: config))

        let options = testCase.options.map { $0 == "CONFIG" ? config : $0 }
        let result = try SpokendProcess.run(["features", wav, "--output", npy] + options)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        let features = try NPYFile(contentsOf: npy)
        #expect(features.elementType == .float32)
        #expect(features.shape.count == 2 && features.shape[0] > 20)

        struct Comparison: Decodable {
            let shape: [Int]
            let spokendShape: [Int]
            let spokendDtype: String
            let maxAbsDb: Double?
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let comparison = try decoder.decode(
            Comparison.self,
            from: Data(PythonReference.run("features_reference.py", [wav, config, npy]).utf8))
        #expect(comparison.spokendShape == comparison.shape)
        #expect(comparison.spokendDtype == "<f4")
        let worst = try #require(comparison.maxAbsDb)
        #expect(worst <= 1e-3, "largest difference from librosa: \(worst) dB")
    }

    @Test("a corrupt WAV is one 'spokend: …' line, exit status 1, and no output file")
    func corruptWAV() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-features-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let wav = directory.appendingPathComponent("corrupt.wav").path
        let npy = directory.appendingPathComponent("out.npy").path
        var bytes = try WAVFile(sampleRate: 16000, channelCount: 1, samples: Self.signal(rate: 16000, channels: 1))
            .encoded(as: .pcm16)
        bytes.removeLast(1000)  // cut off: the RIFF header and the data chunk now claim more than the file holds
        try Data(bytes).write(to: URL(fileURLWithPath: wav))

        let result = try SpokendProcess.run(["features", wav, "--output", npy])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(result.standardError)")
        #expect(result.standardError.hasPrefix("spokend: \(wav): RIFF header declares 41644 bytes"))
        #expect(!FileManager.default.fileExists(atPath: npy))
    }

    @Test("--config cannot be combined with front-end options")
    func exclusiveOptions() throws {
        let result = try SpokendProcess.run([
            "features", "x.wav", "--output", "x.npy", "--config", "f.json", "--mels", "8",
        ])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--config cannot be combined"))
    }
}
