import Foundation
import TestSupport
import Testing

@testable import SpokenNN

/// A deterministic generator (SplitMix64) so hostile-byte tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("ModelReader and ModelWriter")
struct ModelReaderTests {
    static func smallModel(seed: UInt64 = 1) -> Model {
        var builder = RandomModel(generator: SplitMix64(state: seed))
        return builder.make()
    }

    @Test("read(write(m)) == m, and writing again gives the same bytes", arguments: [1, 2, 3] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        let model = Self.smallModel(seed: seed)
        let bytes = try ModelWriter.write(model)
        let read = try ModelReader.read(bytes)
        #expect(read == model)
        #expect(try ModelWriter.write(read) == bytes)
        #expect(read.metadata(named: "spokend.labels").map { String(decoding: $0, as: UTF8.self) } != nil)
    }

    @Test("buffer data are slices of the file bytes, not copies")
    func zeroCopy() throws {
        let bytes = try ModelWriter.write(Self.smallModel())
        let model = try ModelReader.read(bytes)
        let weights = model.buffers.first { !$0.data.isEmpty }!.data
        #expect(weights.startIndex > 0 && weights.endIndex <= bytes.count)
        #expect(Array(weights) == Array(bytes[weights.startIndex..<weights.endIndex]))
    }

    @Test("every truncation of a model throws a ModelError")
    func truncations() throws {
        let bytes = try ModelWriter.write(Self.smallModel())
        for length in 0..<bytes.count {
            #expect(throws: ModelError.self) { try ModelReader.read(Array(bytes[0..<length])) }
        }
    }

    @Test("random byte flips throw or read, never crash; most are caught")
    func byteFlips() throws {
        let bytes = try ModelWriter.write(Self.smallModel())
        var generator = SplitMix64(state: 42)
        var thrown = 0
        let trials = 3000
        for _ in 0..<trials {
            var corrupted = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                corrupted[Int.random(in: 0..<corrupted.count, using: &generator)] = UInt8.random(
                    in: 0...255, using: &generator)
            }
            do {
                _ = try ModelReader.read(corrupted)
            } catch {
                thrown += 1
            }
        }
        // Flips inside weight data or names are legitimate files; flips in the structure must be caught.
        #expect(thrown * 2 > trials, "\(thrown) of \(trials) caught")
    }

    @Test("a file that is not TFL3 names the problem")
    func badIdentifier() throws {
        var bytes = try ModelWriter.write(Self.smallModel())
        bytes[4] = UInt8(ascii: "X")
        #expect(throws: ModelError.self) { try ModelReader.read(bytes) }
        do {
            _ = try ModelReader.read(bytes)
        } catch {
            #expect(error.code == .badIdentifier)
            #expect(error.description.contains("TFL3"))
        }
    }

    @Test("a root offset past the end is caught")
    func rootOffsetOutOfBounds() throws {
        var bytes = try ModelWriter.write(Self.smallModel())
        bytes[0] = 0xFF
        bytes[1] = 0xFF
        bytes[2] = 0xFF
        do {
            _ = try ModelReader.read(bytes)
            Issue.record("read a model whose root offset points past the end")
        } catch {
            #expect(error.code == .offsetOutOfBounds)
        }
    }

    @Test("an opcode above 127 survives the write/read round trip through builtin_code")
    func largeOpcode() throws {
        var model = Self.smallModel()
        model.operatorCodes[0] = OperatorCode(BuiltinOperator(rawValue: 150))
        let read = try ModelReader.read(try ModelWriter.write(model))
        #expect(read.operatorCodes[0].builtin.description == "GELU")
    }

    @Test("a file that shares one big shape among thousands of tensors is refused as too complex, not expanded")
    func sharedDataBomb() throws {
        let count = 2000
        var tensors = [Tensor(shape: [Int32](repeating: 1, count: 20_000), type: .int8)]
        tensors += (1..<count).map { _ in Tensor(shape: [1], type: .int8) }
        let model = Model(
            operatorCodes: [OperatorCode(.add)],
            subgraphs: [Subgraph(tensors: tensors, inputs: [0], outputs: [0], operators: [])], buffers: [Buffer()])
        var bytes = try ModelWriter.write(model)
        #expect(try ModelReader.read(bytes).subgraphs[0].tensors.count == count)
        // Point every entry of the tensors vector at tensor 0, whose shape has 20,000 dimensions.
        let view = FlatbufferView(bytes)
        let root = try view.table(at: try view.follow(0, "root"), "Model")
        let subgraphs = try view.vector(at: try root.reference(2, in: view)!, elementSize: 4, "subgraphs")
        let subgraph = try view.table(at: try view.follow(subgraphs.start, "subgraph"), "SubGraph")
        let vector = try view.vector(at: try subgraph.reference(0, in: view)!, elementSize: 4, "tensors")
        let first = try view.follow(vector.start, "tensor 0")
        for index in 1..<vector.count {
            let at = vector.start + 4 * index
            withUnsafeBytes(of: UInt32(first - at).littleEndian) { raw in
                for byte in 0..<4 { bytes[at + byte] = raw[byte] }
            }
        }
        do {
            _ = try ModelReader.read(bytes)
            Issue.record("expanded 2000 copies of a 20,000-element shape from a \(bytes.count)-byte file")
        } catch {
            #expect(error.code == .tooComplex)
        }
    }

    @Test("buffer data stored after the flatbuffer (offset/size, as >2 GB models do) is read, and checked")
    func externalBuffer() throws {
        let sentinel: UInt64 = 0x1122_3344_5566_7788
        let tensor = FlatbufferNode.table([(0, .child(.int32s([4]))), (1, .int8(9)), (2, .uint32(1))])
        let subgraph = FlatbufferNode.table([
            (0, .child(.vector([tensor]))), (1, .child(.int32s([0]))), (2, .child(.int32s([0]))),
            (3, .child(.vector([]))),
        ])
        let external = FlatbufferNode.table([
            (1, .scalar(sentinel, size: 8)), (2, .scalar(4, size: 8)),
        ])
        let root = FlatbufferNode.table([
            (0, .uint32(3)), (1, .child(.vector([]))), (2, .child(.vector([subgraph]))),
            (4, .child(.vector([.table([]), external]))),
        ])
        var bytes = FlatbufferBuilder.finish(root: root, identifier: ModelReader.identifier)
        while bytes.count % 16 != 0 { bytes.append(0) }
        let payloadOffset = bytes.count
        bytes += [1, 2, 3, 4]
        let pattern = withUnsafeBytes(of: sentinel.littleEndian) { Array($0) }
        let at = try #require((0...(bytes.count - 8)).first { Array(bytes[$0..<($0 + 8)]) == pattern })
        func setOffset(_ value: UInt64) {
            withUnsafeBytes(of: value.littleEndian) { raw in
                for (index, byte) in raw.enumerated() { bytes[at + index] = byte }
            }
        }
        setOffset(UInt64(payloadOffset))
        #expect(Array(try ModelReader.read(bytes).buffers[1].data) == [1, 2, 3, 4])
        setOffset(UInt64(payloadOffset + 1))
        #expect(throws: ModelError.self) { try ModelReader.read(bytes) }
    }

    @Test("a vector whose length overruns the file is caught without allocating it")
    func hugeVector() throws {
        let model = Self.smallModel()
        var bytes = try ModelWriter.write(model)
        // Find the first buffer data vector (its length equals the first non-empty buffer's size) and inflate it.
        let data = try ModelReader.read(bytes).buffers.first { !$0.data.isEmpty }!.data
        let lengthAt = data.startIndex - 4
        bytes[lengthAt + 3] = 0x7F
        do {
            _ = try ModelReader.read(bytes)
            Issue.record("read a vector longer than the file")
        } catch {
            #expect(error.code == .badVector)
        }
    }
}

@Suite("ModelReader and ModelWriter on converter-made models")
struct ConverterModelTests {
    @Test("every fixture reads, and writes back to a model that reads the same", arguments: Fixtures.models)
    func roundTrip(entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        #expect(model.operatorCodes.count >= 1)
        #expect(model.subgraphs[0].operators.count == entry.ops.count)
        let written = try ModelWriter.write(model)
        #expect(try ModelReader.read(written) == model)
    }

    @Test("every truncation of a converter-made model throws")
    func truncations() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("softmax.tflite"))))
        for length in 0..<bytes.count {
            #expect(throws: ModelError.self) { try ModelReader.read(Array(bytes[0..<length])) }
        }
    }

    @Test(
        "the DS-CNN rewritten by ModelWriter gives tflite-micro's fixture outputs in tflite-micro",
        .enabled(if: PythonReference.isAvailable))
    func rewrittenRunsInTFLM() throws {
        let entry = try #require(Fixtures.models.first { $0.name == "dscnn_kws" })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-rewrite-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dscnn.tflite").path
        try Data(try ModelWriter.write(try Fixtures.model(entry))).write(to: URL(fileURLWithPath: path))
        let output = directory.appendingPathComponent("out.npy").path
        try PythonReference.run(
            "run_tflm.py", [path, "--inputs", Fixtures.path(entry.inputs[0].file), "--outputs", output])
        let expected = try NPYFile(contentsOf: Fixtures.path(entry.outputs[0].file))
        #expect(try NPYFile(contentsOf: output).elementBytes == expected.elementBytes)
    }
}
