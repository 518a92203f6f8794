import Dispatch
import Foundation
import SpokenAudio
import SpokenCorpus
import SpokenDSP
import SpokenNN
import SpokenRecognition
import Synchronization

/// Inputs and helpers of the pipeline benchmarks.
enum PipelineBench {
    /// `Models/` of the repository when it holds both models, else a temporary folder with the MLPerf Tiny DS-CNN
    /// fixture labelled as a language and as a number model (12 classes each; the answers mean nothing, the costs
    /// are real).
    static func modelsDirectory(root: URL) -> String {
        let shipped = root.appendingPathComponent("Models")
        if ["language", "number"].allSatisfy({
            FileManager.default.fileExists(atPath: shipped.appendingPathComponent("\($0).tflite").path)
        }) {
            return shipped.path
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-bench-models")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let bare = try! ModelReader.read(
            contentsOf: root.appendingPathComponent("Tests/SpokenNNTests/Fixtures/dscnn_kws.tflite").path)
        let frontEnd = FrontEndConfig(
            sampleRate: 16000, nFFT: 512, hop: 160, mels: 10, log: LogConfig(ref: 1e-1, topDB: 80), frames: 49)
        for (name, labels) in [
            ("language", ["en", "de", "fr", "zh"] + (4..<12).map { "x\($0)" }), ("number", (0..<12).map(String.init)),
        ] {
            let model = ModelMetadata(frontEnd: frontEnd, labels: labels).attached(to: bare)
            try! Data(ModelWriter.write(model)).write(to: directory.appendingPathComponent("\(name).tflite"))
        }
        return directory.path
    }

    /// The demo stream (numbers in four languages with pauses) repeated to `seconds`, as a 16-bit WAV.
    static func speechStream(seconds: Int) throws -> String {
        let (demo, _) = try DemoStream.synthesize()
        var samples: [Float] = []
        while samples.count < seconds * 16000 { samples += demo }
        return write(Array(samples.prefix(seconds * 16000)), name: "speech-\(seconds)")
    }

    /// Quiet noise (about −60 dBFS): the steady state of a live microphone in a silent room.
    static func quietStream(seconds: Int) -> String {
        var state: UInt32 = 12345
        let samples = (0..<(seconds * 16000)).map { _ -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return (Float(state >> 8) / Float(1 << 24) - 0.5) * 0.002
        }
        return write(samples, name: "quiet-\(seconds)")
    }

    private static func write(_ samples: [Float], name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-bench-\(name).wav").path
        try! WAVFile(sampleRate: 16000, channelCount: 1, samples: samples, format: .pcm16).write(to: path, as: .pcm16)
        return path
    }

    /// Runs async work from a benchmark's synchronous body and waits for it.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await work()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}
