import Foundation
import SpokenNN
import SpokenRecognition
import SpokenTrain
import TestSupport
import Testing

@Suite("int8 export")
struct Int8ExporterTests {
    /// The graphs between them use every op kind and the full-mel first layer; `classes` is their output count.
    static let graphs: [(name: String, graph: InferenceGraph, classes: Int)] = [
        ("classifier", ExportGraphs.classifier(seed: 11), 5),
        ("logits", ExportGraphs.logits(seed: 12), 4),
        ("temporal", ExportGraphs.temporal(seed: 13), 3),
    ]

    /// The exported file and an interpreter (host ABI, large arena) with it loaded.
    private func export(_ graph: InferenceGraph, classes: Int) throws -> (bytes: [UInt8], interpreter: Interpreter) {
        let calibration = ExportGraphs.features(count: 40, classes: classes, seed: 5)
        let bytes = try Int8Exporter(graph: graph, calibrationFeatures: calibration)
            .write(metadata: ExportGraphs.metadata(classes: classes))
        return (bytes, try Interpreter(model: ModelReader.read(bytes), arenaSize: 1 << 20, abi: .host64))
    }

    @Test(
        "an exported model runs bit for bit as in tflite-micro, and TFLite loads and runs it",
        .enabled(if: PythonReference.isAvailable), arguments: [0, 1, 2])
    func oracle(graphIndex: Int) throws {
        let (name, graph, classes) = Self.graphs[graphIndex]
        let (bytes, _) = try export(graph, classes: classes)
        let features = ExportGraphs.features(count: 8, classes: classes, seed: 99)
        let outputs = try ExportOracle.run(bytes, on: features)
        let (mine, tflm, litert) = (outputs.spokend, outputs.tflm, outputs.litert)
        #expect(mine == tflm, "\(name): spokend and tflite-micro differ")
        #expect(mine.count == features.count * classes)
        #expect(Set(mine).count > classes, "\(name): the outputs must vary")
        // TFLite's kernels round differently from TFLM's (see TFLMOracleTests): it must mean the same model.
        let far = zip(litert, mine).filter { abs(Int($0) - Int($1)) > 3 }.count
        #expect(litert.count == mine.count && far == 0, "\(name): \(far) outputs differ by more than 3 in TFLite")
    }

    @Test("int8 outputs follow the float network's", arguments: [0, 1, 2])
    func agreement(graphIndex: Int) throws {
        let (name, graph, classes) = Self.graphs[graphIndex]
        let (_, interpreter) = try export(graph, classes: classes)
        let reference = try FloatReference(graph: graph)
        let features = ExportGraphs.features(count: 30, classes: classes, seed: 123)
        let inputs = ExportOracle.quantized(features, for: interpreter)
        let output = interpreter.subgraph.tensors[interpreter.outputs[0]].quantization!
        let size = ExportGraphs.frames * ExportGraphs.mels
        var worst: Float = 0
        var range: Float = 0
        var sameWinner = 0
        for example in 0..<features.count {
            let expected = reference.output(of: features.example(example))
            try interpreter.setInput(Array(inputs[(example * size)..<((example + 1) * size)]))
            interpreter.invoke()
            let got = try interpreter.output(as: Int8.self).map {
                Float(Int($0) - Int(output.zeroPoint[0])) * output.scale[0]
            }
            worst = max(worst, zip(got, expected).map { abs($0 - $1) }.max()!)
            range = max(range, expected.max()! - expected.min()!)
            if got.firstIndex(of: got.max()!) == expected.firstIndex(of: expected.max()!) { sameWinner += 1 }
        }
        #expect(worst <= 0.1 * range, "\(name): int8 is \(worst) from float over a range of \(range)")
        #expect(sameWinner * 10 >= features.count * 9, "\(name): the same class wins in \(sameWinner) of 30")
    }

    @Test("a convolution spanning all mels on one channel is exported as RESHAPE and a convolution over mels")
    func melsAsChannels() throws {
        let (bytes, _) = try export(ExportGraphs.temporal(seed: 13), classes: 3)
        let model = try ModelReader.read(bytes)
        let (subgraph, codes) = (model.subgraphs[0], model.operatorCodes)
        func shape(_ tensor: Int32) -> [Int] { subgraph.tensors[Int(tensor)].shape.map(Int.init) }
        let first = subgraph.operators[0]
        let second = subgraph.operators[1]
        #expect(codes[Int(first.opcodeIndex)].builtin == .reshape)
        #expect(shape(first.outputs[0]) == [1, ExportGraphs.frames, 1, ExportGraphs.mels])
        #expect(codes[Int(second.opcodeIndex)].builtin == .conv2D)
        #expect(shape(second.inputs[1]) == [6, 3, 1, ExportGraphs.mels])
        #expect(shape(second.outputs[0]) == [1, ExportGraphs.frames / 3, 1, 6])
    }

    @Test("the exported file carries spokend's metadata and loads as a recognition model")
    func metadata() throws {
        let (bytes, _) = try export(Self.graphs[0].graph, classes: 5)
        let model = try RecognitionModel(
            model: ModelReader.read(bytes), name: "export.tflite", fileBytes: bytes.count, profile: .nrf52840)
        #expect(model.metadata == ExportGraphs.metadata(classes: 5))
        #expect(model.task == .number)
        let input = model.interpreter.subgraph.tensors[model.interpreter.inputs[0]]
        #expect(input.shape == [1, 12, 10, 1] && input.type == .int8)
        let output = model.interpreter.subgraph.tensors[model.interpreter.outputs[0]]
        #expect(output.quantization?.scale == [1.0 / 256] && output.quantization?.zeroPoint == [-128])
    }

    @Test("weights per channel, activations per tensor, biases at input × weight scale: TFLite's choices")
    func parameters() throws {
        let graph = InferenceGraph(
            inputShape: [2, 2, 1],
            nodes: [
                InferenceNode(
                    op: .conv2D(
                        InferenceOp.Convolution(
                            weights: [0.5, -1, 0.25, 0.125, 2, 0, 0, 0], bias: [0.3, -0.2], outChannels: 2,
                            kernelHeight: 2, kernelWidth: 2, padding: .valid, activation: .none)),
                    inputs: [.input]),
                InferenceNode(op: .flatten, inputs: [.node(0)]),
            ])
        // Inputs from −1 to 3: scale 4/255, zero point round(−128 + 1 / (4/255)) = round(−64.25) = −64.
        let features = LabeledFeatures(
            frames: 2, mels: 2, values: [-1, 0, 1, 3, 0.5, 0.5, 0.5, 0.5], labels: [0, 1], speakers: ["a", "b"])
        var metadata = ExportGraphs.metadata(classes: 2)
        metadata.frontEnd.frames = 2
        metadata.frontEnd.mels = 2
        let model = try Int8Exporter(graph: graph, calibrationFeatures: features).model(metadata: metadata)
        let tensors = model.subgraphs[0].tensors
        let input = tensors[Int(model.subgraphs[0].inputs[0])].quantization!
        #expect(input.scale == [Float(4.0 / 255)] && input.zeroPoint == [-64])
        let operators = model.subgraphs[0].operators
        let conv = try #require(operators.first { model.operatorCodes[Int($0.opcodeIndex)].builtin == .conv2D })
        let weights = tensors[Int(conv.inputs[1])]
        #expect(weights.quantization!.scale == [1.0 / 127, 2.0 / 127])
        let bytes = Array(model.buffers[Int(weights.buffer)].data).map { Int8(bitPattern: $0) }
        #expect(bytes == [64, -127, 32, 16, 127, 0, 0, 0])
        let bias = tensors[Int(conv.inputs[2])]
        let biasValues = Array(model.buffers[Int(bias.buffer)].data).withUnsafeBytes {
            Array($0.bindMemory(to: Int32.self))
        }
        // 0.3 / (4/255 · 1/127) = 2429.0…, −0.2 / (4/255 · 2/127) = −809.6…
        #expect(biasValues == [2429, -810])
        #expect(operators.last!.outputs.map { tensors[Int($0)].shape } == [[1, 2]])
    }

    @Test("a graph whose weights do not fit its shapes is refused, naming the node")
    func badGraph() throws {
        var graph = ExportGraphs.logits(seed: 1)
        graph.nodes[3] = InferenceNode(
            op: .dense(weights: [1, 2, 3], bias: [0], outputs: 1, activation: .none), inputs: [.node(2)])
        let error = #expect(throws: TrainError.self) { try FloatReference(graph: graph) }
        #expect(error?.code == .export)
        #expect(error?.description.hasPrefix("node 3 (dense)") == true, "\(error?.description ?? "")")
    }
}
