import Foundation
import SpokenDSP
import SpokenNN
import SpokenRecognition
import TestSupport

/// A spokend model for tests: the MLPerf Tiny DS-CNN keyword spotter from the SpokenNN fixtures (input
/// `[1, 49, 10, 1]`, 12 classes, int8 SOFTMAX output) with spokend's metadata attached — 49 frames of 10 mel bands.
///
/// Its input scale (0.032, zero point 4) covers −0.25…8.2, so the front end's `ref` puts a loud signal's top
/// 8 dB there: the network sees real, varied features, not a saturated input.
enum RecognitionFixture {
    static let labels = ["silence", "unknown", "yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]

    static let frontEnd = FrontEndConfig(
        sampleRate: 16000, nFFT: 512, hop: 320, mels: 10, log: LogConfig(ref: 1e-1, topDB: 80), frames: 49)

    static let metadata = ModelMetadata(
        frontEnd: frontEnd, labels: labels, provenance: Provenance(corpus: "mlperf-tiny-kws", seed: 7))

    /// The DS-CNN as it is in the SpokenNN fixtures, without spokend metadata.
    static func bareModel() throws -> Model {
        try ModelReader.read(
            contentsOf: PythonReference.repositoryRoot.appendingPathComponent(
                "Tests/SpokenNNTests/Fixtures/dscnn_kws.tflite"
            ).path)
    }

    /// The DS-CNN with `metadata` attached, as file bytes.
    static func modelBytes(metadata: ModelMetadata = metadata) throws -> [UInt8] {
        try ModelWriter.write(metadata.attached(to: bareModel()))
    }

    /// A speech-like test signal: harmonics of a wandering pitch under a syllable envelope, plus a little noise.
    static func signal(sampleRate: Int, seconds: Double, seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        let count = Int(Double(sampleRate) * seconds)
        return (0..<count).map { n in
            let t = Double(n) / Double(sampleRate)
            // The integral of a pitch of 140 + 50·sin(2π·1.1·t) Hz.
            let phase = 2 * Double.pi * (140 * t - 50 / (2 * .pi * 1.1) * cos(2 * .pi * 1.1 * t))
            let voiced = (1...10).reduce(0.0) { sum, k in sum + sin(Double(k) * phase) / Double(k) }
            let envelope = pow(sin(2 * .pi * 1.7 * t), 2)
            let noise = Double(random.next() % 2001) / 1000 - 1
            return Float(0.25 * envelope * voiced + 0.01 * noise)
        }
    }
}
