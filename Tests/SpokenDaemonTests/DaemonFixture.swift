import Foundation
import SpokenAudio
import SpokenDSP
import SpokenNN
import SpokenRecognition
import TestSupport

/// Models and streams for the daemon's tests.
///
/// The models are the MLPerf Tiny DS-CNN from the SpokenNN fixtures (49 frames × 10 mels in, 12 classes out, int8
/// SOFTMAX) with spokend metadata: once labelled as a language model, once as a number model. Their answers mean
/// nothing; the tests check that the daemon reports exactly what the recognizer computes offline, with the chip's
/// costs.
enum DaemonFixture {
    static let frontEnd = FrontEndConfig(
        sampleRate: 16000, nFFT: 512, hop: 320, mels: 10, log: LogConfig(ref: 1e-1, topDB: 80), frames: 49)
    static let languageLabels = ["en", "de", "fr", "zh"] + (4..<12).map { "x\($0)" }
    static let numberLabels = (0..<12).map(String.init)

    /// A fresh directory with `language.tflite` and `number.tflite`.
    static func modelsDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-models-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try writeModel(labels: languageLabels, to: directory.appendingPathComponent("language.tflite"))
        try writeModel(labels: numberLabels, to: directory.appendingPathComponent("number.tflite"))
        return directory
    }

    /// The DS-CNN with `labels` (12 of them) as a spokend model file at `url`.
    static func writeModel(labels: [String], to url: URL) throws {
        let bare = try ModelReader.read(
            contentsOf: PythonReference.repositoryRoot.appendingPathComponent(
                "Tests/SpokenNNTests/Fixtures/dscnn_kws.tflite"
            ).path)
        let metadata = ModelMetadata(frontEnd: frontEnd, labels: labels)
        try Data(ModelWriter.write(metadata.attached(to: bare))).write(to: url)
    }

    /// Speech-like sound: harmonics of a wandering pitch under a syllable envelope that never falls silent.
    static func speech(seconds: Double, seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        let count = Int(16000 * seconds)
        let base = 110 + Double(seed % 7) * 15
        return (0..<count).map { n in
            let t = Double(n) / 16000
            let phase = 2 * Double.pi * (base * t - 40 / (2 * .pi * 1.3) * cos(2 * .pi * 1.3 * t))
            let voiced = (1...10).reduce(0.0) { sum, k in sum + sin(Double(k) * phase) / Double(k) }
            let envelope = 0.3 + 0.7 * pow(sin(2 * .pi * 2.1 * t), 2)
            let noise = Double(random.next() % 2001) / 1000 - 1
            return Float(0.25 * envelope * voiced + 0.01 * noise)
        }
    }

    /// Segments of silence and speech (durations in seconds, speech seeded by its index) as one stream, and where
    /// the speech is, in samples.
    static func stream(_ layout: [(silence: Double, speech: Double)], trailing: Double = 0.5) -> (
        samples: [Float], speech: [Range<Int>]
    ) {
        var samples: [Float] = []
        var speech: [Range<Int>] = []
        for (index, part) in layout.enumerated() {
            samples += [Float](repeating: 0, count: Int(16000 * part.silence))
            let start = samples.count
            samples += Self.speech(seconds: part.speech, seed: UInt64(index + 1))
            speech.append(start..<samples.count)
        }
        samples += [Float](repeating: 0, count: Int(16000 * trailing))
        return (samples, speech)
    }

    /// `samples` as a 16-bit WAV in a temporary file.
    static func wav(_ samples: [Float]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-stream-\(UUID()).wav").path
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: samples, format: .pcm16).write(to: path, as: .pcm16)
        return path
    }
}
