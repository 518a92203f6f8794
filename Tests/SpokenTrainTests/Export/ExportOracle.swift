import Foundation
import SpokenNN
import SpokenTrain
import TestSupport

/// Runs an exported model on features in spokend's interpreter, in tflite-micro (`Scripts/run_tflm.py`, the
/// bit-exact oracle) and in TFLite (`Scripts/run_litert.py`, proof that TFLite loads the file).
enum ExportOracle {
    struct Outputs {
        var spokend: [Int8]
        var tflm: [Int8]
        var litert: [Int8]
    }

    /// `features` quantized as the model's input tensor says: round half away from zero, saturate.
    static func quantized(_ features: LabeledFeatures, for interpreter: Interpreter) -> [Int8] {
        let tensor = interpreter.subgraph.tensors[interpreter.inputs[0]]
        let scale = tensor.quantization!.scale[0]
        let zeroPoint = Int(tensor.quantization!.zeroPoint[0])
        return features.values.map { Int8(clamping: Int(($0 / scale).rounded(.toNearestOrAwayFromZero)) + zeroPoint) }
    }

    /// The int8 outputs of every example of `features` through the model `bytes`, from each runtime.
    static func run(_ bytes: [UInt8], on features: LabeledFeatures) throws -> Outputs {
        let interpreter = try Interpreter(model: ModelReader.read(bytes), arenaSize: 1 << 20, abi: .host64)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-export-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = { (file: String) in directory.appendingPathComponent(file).path }
        try Data(bytes).write(to: URL(fileURLWithPath: path("model.tflite")))
        let inputs = quantized(features, for: interpreter)
        try NPYFile(shape: [features.count, 1, features.frames, features.mels, 1], values: inputs)
            .write(to: path("input.npy"))
        try PythonReference.run(
            "run_tflm.py", [path("model.tflite"), "--inputs", path("input.npy"), "--outputs", path("tflm.npy")])
        try PythonReference.run(
            "run_litert.py", [path("model.tflite"), "--inputs", path("input.npy"), "--outputs", path("litert.npy")])
        var mine: [Int8] = []
        let size = features.frames * features.mels
        for example in 0..<features.count {
            try interpreter.setInput(Array(inputs[(example * size)..<((example + 1) * size)]))
            interpreter.invoke()
            mine += try interpreter.output(as: Int8.self)
        }
        return Outputs(
            spokend: mine, tflm: try NPYFile(contentsOf: path("tflm.npy")).values(),
            litert: try NPYFile(contentsOf: path("litert.npy")).values())
    }
}
