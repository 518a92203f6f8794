import Foundation
import TestSupport
import Testing

@testable import SpokenNN

/// A model nobody has seen before, every run: written by `ModelWriter` with random weights and quantization, run in
/// tflite-micro (`Scripts/run_tflm.py`) and in the Swift interpreter; outputs and arena use must agree exactly.
@Suite("Swift-written models in tflite-micro")
struct TFLMOracleTests {
    @Test(
        "a fresh random model gives tflite-micro's outputs and arena use", .enabled(if: PythonReference.isAvailable))
    func freshModel() throws {
        // A failure names its seed; `SPOKEND_ORACLE_SEED=<seed>` replays it.
        let seed =
            ProcessInfo.processInfo.environment["SPOKEND_ORACLE_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        var generator = SplitMix64(state: seed)
        var builder = RandomModel(generator: SplitMix64(state: seed))
        let model = builder.make()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-oracle-\(seed)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelPath = directory.appendingPathComponent("model.tflite").path
        try Data(try ModelWriter.write(model)).write(to: URL(fileURLWithPath: modelPath))

        let interpreter = try Interpreter(
            model: try ModelReader.read(contentsOf: modelPath), arenaSize: 1 << 20, abi: .host64)
        let inputTensor = model.subgraphs[0].tensors[interpreter.inputs[0]]
        let shape = inputTensor.shape.map(Int.init)
        let batch = 4
        let values = (0..<(batch * shape.reduce(1, *))).map { _ in Int8.random(in: -128...127, using: &generator) }
        let inputPath = directory.appendingPathComponent("input.npy").path
        let outputPath = directory.appendingPathComponent("output.npy").path
        try NPYFile(shape: [batch] + shape, values: values).write(to: inputPath)

        let report = try PythonReference.run(
            "run_tflm.py", [modelPath, "--inputs", inputPath, "--outputs", outputPath, "--allocations"])
        let expected: [Int8] = try NPYFile(contentsOf: outputPath).values()

        var got: [Int8] = []
        let size = values.count / batch
        for item in 0..<batch {
            try interpreter.setInput(Array(values[(item * size)..<((item + 1) * size)]))
            interpreter.invoke()
            got += try interpreter.output(as: Int8.self)
        }
        #expect(got == expected, "seed \(seed): outputs differ from tflite-micro")

        // TFLite itself loads and runs the file. Its kernels round differently from TFLM's (1 LSB on a few outputs of
        // a layer), and a difference in an early layer grows through the later ones: over 25 random models, 23 agreed
        // exactly and the others had 1 of 40 and 5 of 32 outputs off by up to 3. So TFLite checks that the file means
        // the same model (a misread weight or scale changes most outputs); tflite-micro above checks the numbers.
        let litertPath = directory.appendingPathComponent("litert.npy").path
        try PythonReference.run("run_litert.py", [modelPath, "--inputs", inputPath, "--outputs", litertPath])
        let litert: [Int8] = try NPYFile(contentsOf: litertPath).values()
        #expect(litert.count == got.count)
        let differing = zip(litert, got).filter { $0 != $1 }.count
        #expect(differing * 4 <= got.count, "seed \(seed): \(differing) of \(got.count) outputs differ in TFLite")

        struct Usage: Decodable {
            let total: Int
            let head: Int
            let tail: Int
        }
        let usage = try JSONDecoder().decode(Usage.self, from: Data(report.utf8))
        #expect(interpreter.accounting.head == usage.head, "seed \(seed): arena head")
        #expect(interpreter.accounting.tail == usage.tail, "seed \(seed): arena tail")
    }
}

extension TFLMOracleTests {
    @Test(
        "an OfflineMemoryAllocation plan is honoured, as tflite-micro honours it",
        .enabled(if: PythonReference.isAvailable))
    func offlinePlan() throws {
        var builder = RandomModel(generator: SplitMix64(state: 7))
        var model = builder.make()
        let online = try Interpreter(model: model, arenaSize: 1 << 20, abi: .host64)
        // Every activation at its own offset, in reverse tensor order: a plan the greedy planner would not make.
        var offsets = [Int32](repeating: -1, count: model.subgraphs[0].tensors.count)
        var next = 0
        for entry in online.plan.entries.reversed() {
            guard case .tensor(let index) = entry.owner else { continue }
            offsets[index] = Int32(next)
            next += (entry.bytes + 15) / 16 * 16
        }
        var words: [Int32] = [1, 0, Int32(offsets.count)] + offsets
        let data = words.withUnsafeMutableBytes { Array($0) }
        model.buffers.append(Buffer(data))
        model.metadata.append(Metadata(name: "OfflineMemoryAllocation", buffer: UInt32(model.buffers.count - 1)))
        let planned = try Interpreter(model: model, arenaSize: 1 << 20, abi: .host64)
        for entry in planned.plan.entries {
            if case .tensor(let index) = entry.owner { #expect(entry.offset == Int(offsets[index])) }
        }
        #expect(planned.plan.size == next)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-offline-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.tflite").path
        try Data(try ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
        let report = try PythonReference.run("run_tflm.py", [path, "--allocations"])
        #expect(report.contains("\"head\": \(planned.plan.size)"), "tflite-micro: \(report)")
    }
}

extension TFLMOracleTests {
    @Test(
        "a variable input gets its buffer in the tail, charged as tflite-micro charges it",
        .enabled(if: PythonReference.isAvailable))
    func variableTensor() throws {
        var model = try ModelReader.read(contentsOf: Fixtures.path("softmax.tflite"))
        model.subgraphs[0].tensors[Int(model.subgraphs[0].inputs[0])].isVariable = true
        let interpreter = try Interpreter(model: model, arenaSize: 1 << 20, abi: .host64)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-variable-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.tflite").path
        try Data(try ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
        struct Usage: Decodable {
            struct Record: Decodable {
                let name: String
                let used: Int
                let requested: Int
            }
            let head: Int
            let tail: Int
            let records: [Record]
        }
        let usage = try JSONDecoder().decode(
            Usage.self, from: Data(PythonReference.run("run_tflm.py", [path, "--allocations"]).utf8))
        let variable = try #require(usage.records.first { $0.name == "TfLiteTensor variable buffer data" })
        let ours = try #require(interpreter.accounting.item(variable.name))
        #expect(ours.requested == variable.requested && ours.used == variable.used)
        #expect(interpreter.accounting.head == usage.head)
        #expect(interpreter.accounting.tail == usage.tail)
    }
}
