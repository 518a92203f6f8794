import Foundation
import SpokenDSP
import SpokenRecognition
import SpokenTrain

/// A models folder for command tests: a language and a number model with random (seeded) weights, exported by
/// `Int8Exporter` with a real front end (16 kHz, 20 mels, 50 frames of 20 ms). Their answers mean nothing; they
/// exercise everything around the network.
enum TinyModels {
    static let frontEnd = FrontEndConfig(
        sampleRate: 16000, nFFT: 512, hop: 320, mels: 20, log: LogConfig(topDB: 80), frames: 50)

    /// Writes `language.tflite` and `number.tflite` into `directory`.
    static func write(to directory: URL) throws {
        for (name, labels, seed) in [
            ("language", ["en", "de", "fr", "zh"], UInt64(1)), ("number", (0..<100).map(String.init), UInt64(2)),
        ] {
            let graph = graph(classes: labels.count, seed: seed)
            let exporter = try Int8Exporter(graph: graph, calibrationFeatures: features(seed: seed))
            let bytes = try exporter.write(metadata: ModelMetadata(frontEnd: frontEnd, labels: labels))
            try Data(bytes).write(to: directory.appendingPathComponent("\(name).tflite"))
        }
    }

    /// Has the espeak-ng command say `text` with `voice` into the WAV file `path` (22.05 kHz, 16-bit), as a user
    /// would make a test recording.
    static func say(_ text: String, voice: String, to path: String) throws {
        let espeak = Process()
        espeak.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
        espeak.arguments = ["-v", voice, "-w", path, text]
        try espeak.run()
        espeak.waitUntilExit()
    }

    /// conv 5×5 stride 2 → global average pool → dense → softmax.
    private static func graph(classes: Int, seed: UInt64) -> InferenceGraph {
        var random = SplitMix64(seed: seed)
        func uniform(_ bound: Float) -> Float { bound * (Float(random.next() >> 40) / Float(1 << 23) - 1) }
        let channels = 8
        let conv = InferenceOp.Convolution(
            weights: (0..<(channels * 25)).map { _ in uniform(0.3) }, bias: (0..<channels).map { _ in uniform(1) },
            outChannels: channels, kernelHeight: 5, kernelWidth: 5, strideHeight: 2, strideWidth: 2)
        return InferenceGraph(
            inputShape: [50, 20, 1],
            nodes: [
                InferenceNode(op: .conv2D(conv), inputs: [.input]),
                InferenceNode(op: .globalAveragePool, inputs: [.node(0)]),
                InferenceNode(
                    op: .dense(
                        weights: (0..<(classes * channels)).map { _ in uniform(0.5) },
                        bias: [Float](
                            repeating: 0, count: classes), outputs: classes, activation: .none),
                    inputs: [.node(1)]),
                InferenceNode(op: .softmax, inputs: [.node(2)]),
            ])
    }

    /// Calibration features in the front end's range: log-mel values from −80 to 0 dB.
    private static func features(seed: UInt64) -> LabeledFeatures {
        var random = SplitMix64(seed: seed + 100)
        let values = (0..<(20 * 50 * 20)).map { _ in -80 * Float(random.next() >> 40) / Float(1 << 24) }
        return LabeledFeatures(
            frames: 50, mels: 20, values: values, labels: [Int](repeating: 0, count: 20),
            speakers: [String](repeating: "s", count: 20))
    }
}
