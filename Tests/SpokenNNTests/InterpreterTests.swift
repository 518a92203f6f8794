import Foundation
import Testing

@testable import SpokenNN

@Suite("Interpreter loading, stepping and batches")
struct InterpreterTests {
    static func fixture(_ name: String) throws -> Model {
        try ModelReader.read(contentsOf: Fixtures.path("\(name).tflite"))
    }

    @Test("an arena one byte short fails with AllocationError saying needed and available")
    func arenaTooSmall() throws {
        let model = try Self.fixture("dscnn_kws")
        let needed = try Interpreter(model: model, arenaSize: 1 << 20).arenaUsed
        _ = try Interpreter(model: model, arenaSize: needed)
        do {
            _ = try Interpreter(model: model, arenaSize: needed - 1)
            Issue.record("loaded into an arena one byte too small")
        } catch let error as AllocationError {
            #expect(error.needed == needed)
            #expect(error.available == needed - 1)
            #expect(error.description.contains("\(needed)") && error.description.contains("\(needed - 1)"))
        }
    }

    @Test("an op spokend does not run fails at load with its name")
    func unsupportedOp() throws {
        var model = try Self.fixture("softmax")
        model.operatorCodes[0] = OperatorCode(.concatenation)
        do {
            _ = try Interpreter(model: model, arenaSize: 1 << 20)
            Issue.record("loaded CONCATENATION")
        } catch let error as ModelError {
            #expect(error.code == .unsupportedOp)
            #expect(error.description.contains("CONCATENATION"))
        }
    }

    @Test("a tensor type outside the set fails at load with its name")
    func unsupportedType() throws {
        var model = try Self.fixture("softmax")
        let input = Int(model.subgraphs[0].inputs[0])
        model.subgraphs[0].tensors[input].type = TensorType(rawValue: 8)  // COMPLEX64
        do {
            _ = try Interpreter(model: model, arenaSize: 1 << 20)
            Issue.record("loaded a COMPLEX64 tensor")
        } catch let error as ModelError {
            #expect(error.code == .unsupportedType)
            #expect(error.description.contains("COMPLEX64"))
        }
    }

    @Test("a MUL broadcasting over more than 4 dimensions fails at load naming the op and shapes, as TFLM")
    func mulBroadcastBeyondFourDimensions() throws {
        var model = try Self.fixture("add_5d_broadcast")
        let node = try #require(
            model.subgraphs[0].operators.firstIndex { model.operatorCodes[Int($0.opcodeIndex)].builtin == .add })
        let index = Int(model.subgraphs[0].operators[node].opcodeIndex)
        model.operatorCodes[index] = OperatorCode(.mul)
        model.subgraphs[0].operators[node].options = .mul(MulOptions())
        let shapes = model.subgraphs[0].operators[node].inputs.map { model.subgraphs[0].tensors[Int($0)].shape }
        #expect(shapes[0] != shapes[1] && max(shapes[0].count, shapes[1].count) > 4)
        do {
            _ = try Interpreter(model: model, arenaSize: 1 << 20)
            Issue.record("loaded a 5-D broadcast MUL")
        } catch let error as ModelError {
            #expect(error.code == .unsupportedFeature)
            #expect(error.description.contains("MUL"))
            #expect(error.description.contains("\(shapes[0].map(Int.init))"))
            #expect(error.description.contains("\(shapes[1].map(Int.init))"))
        }
    }

    @Test("a convolution whose dilation dwarfs its input fails at load instead of allocating (found by fuzzing)")
    func hostileDilation() throws {
        var model = try Self.fixture("conv_dilation2_relu6")
        let node = try #require(
            model.subgraphs[0].operators.firstIndex { model.operatorCodes[Int($0.opcodeIndex)].builtin == .conv2D })
        guard case .conv2D(var options) = model.subgraphs[0].operators[node].options else {
            Issue.record("the fixture's CONV_2D has no Conv2DOptions")
            return
        }
        options.dilationW = 1_677_721_602
        model.subgraphs[0].operators[node].options = .conv2D(options)
        do {
            _ = try Interpreter(model: model, arenaSize: 1 << 16)
            Issue.record("loaded a CONV_2D with dilation 1677721602")
        } catch let error as ModelError {
            #expect(error.code == .unsupportedFeature)
            #expect(error.description.contains("1677721602"))
        }
    }

    @Test("constant data of a type spokend does not run, in a tensor no op uses, loads and runs as before (fuzzing)")
    func unusedConstantOfUnknownType() throws {
        var model = try Self.fixture("softmax")
        model.buffers.append(Buffer([UInt8](repeating: 7, count: 100)))
        model.subgraphs[0].tensors.append(
            Tensor(shape: [3], type: .string, buffer: UInt32(model.buffers.count - 1), name: "unused"))
        let interpreter = try Interpreter(model: model, arenaSize: 1 << 20)
        let plain = try Interpreter(model: try Self.fixture("softmax"), arenaSize: 1 << 20)
        let input = (0..<plain.tensorData(plain.inputs[0]).count).map { Int8(truncatingIfNeeded: $0 &* 37) }
        for run in [interpreter, plain] {
            try run.setInput(input)
            run.invoke()
        }
        #expect(try interpreter.output(as: Int8.self) == plain.output(as: Int8.self))
    }

    @Test("a variable input of 126 MB in a model without ops is refused at load with the bytes it needs (fuzzing)")
    func unplannedVariableInput() throws {
        let model = try Self.fixture("regression-unplanned-input-126MB")
        let input = model.subgraphs[0].tensors[Int(model.subgraphs[0].inputs[0])]
        #expect(model.subgraphs[0].operators.isEmpty && input.isVariable)
        #expect(input.shape == [1, 6, 2_621_445, 8] && input.type == .int8)
        do {
            _ = try Interpreter(model: model, arenaSize: 64 * 1024)
            Issue.record("loaded a 126 MB input into a 64 KiB arena")
        } catch let error as AllocationError {
            #expect(error.needed > 6 * 2_621_445 * 8)
            #expect(error.available == 64 * 1024)
        }
    }

    @Test("a MEAN over an empty input whose other dimensions multiply past Int.max is refused at load (fuzzing)")
    func reductionOverHugeEmptyShape() throws {
        let model = try Self.fixture("regression-reduction-shape-overflow")
        let input = model.subgraphs[0].tensors[Int(model.subgraphs[0].operators[0].inputs[0])]
        #expect(input.elementCount == 0 && input.shape.contains(0))
        #expect(input.shape.filter { $0 > 0 }.map(Double.init).reduce(1, *) > Double(Int.max))
        do {
            _ = try Interpreter(model: model, arenaSize: 64 * 1024)
            Issue.record("loaded a reduction over \(input.shape)")
        } catch let error as ModelError {
            #expect(error.code == .invalidShape && error.detail.contains("MEAN"))
        }
    }

    @Test("a variable tensor gets its own buffer in the arena's tail: charged, zeroed, apart from the plan")
    func variableInTail() throws {
        var model = try Self.fixture("softmax")
        let plain = try Interpreter(model: model, arenaSize: 1 << 20)
        let input = Int(model.subgraphs[0].inputs[0])
        model.subgraphs[0].tensors[input].isVariable = true
        let interpreter = try Interpreter(model: model, arenaSize: 1 << 20)
        let bytes = plain.tensorData(input).count
        let item = try #require(interpreter.accounting.item("TfLiteTensor variable buffer data"))
        #expect(item.requested == bytes && item.count == 1)
        #expect(interpreter.plan.entries.allSatisfy { $0.owner != .tensor(input) })
        let view = interpreter.tensorData(input)
        #expect(view.count == bytes && view.allSatisfy { $0 == 0 })
        // The variable lies above every planned buffer and below the arena's end.
        let output = interpreter.outputs[0]
        let entry = try #require(interpreter.plan.entries.first { $0.owner == .tensor(output) })
        let base = interpreter.tensorData(output).baseAddress! - entry.offset
        #expect(view.baseAddress! >= base + interpreter.plan.size)
        #expect(view.baseAddress! + bytes <= base + (1 << 20))
        try interpreter.setInput([Int8](repeating: 3, count: bytes))
        try plain.setInput([Int8](repeating: 3, count: bytes))
        interpreter.invoke()
        plain.invoke()
        #expect(try interpreter.output(as: Int8.self) == plain.output(as: Int8.self))
    }

    @Test("a Swift-built model with an index out of range is refused, not trusted")
    func badReference() throws {
        var model = try Self.fixture("softmax")
        model.subgraphs[0].operators[0].inputs = [99]
        #expect(throws: ModelError.self) { try Interpreter(model: model, arenaSize: 1 << 20) }
        model = try Self.fixture("softmax")
        model.subgraphs[0].operators[0].opcodeIndex = 5
        #expect(throws: ModelError.self) { try Interpreter(model: model, arenaSize: 1 << 20) }
    }

    @Test("stepping op by op gives the same outputs as invoke, and says which op is next")
    func stepping() throws {
        let model = try Self.fixture("dscnn_kws")
        let interpreter = try Interpreter(model: model, arenaSize: 1 << 20)
        let input: [Int8] = try NPYFile(contentsOf: Fixtures.path("dscnn_kws.input0.npy")).values()
        let item = Array(input.prefix(interpreter.tensorData(interpreter.inputs[0]).count))
        try interpreter.setInput(item)
        interpreter.invoke()
        let whole = try interpreter.output(as: Int8.self)
        try interpreter.setInput(item)
        var steps = 0
        repeat {
            #expect(interpreter.nextOperator == steps)
            steps += 1
        } while interpreter.invokeNextOperator()
        #expect(steps == interpreter.operatorCount)
        #expect(interpreter.nextOperator == 0)
        #expect(try interpreter.output(as: Int8.self) == whole)
    }

    @Test("a float batch through a model with a QUANTIZE input matches tflite-micro")
    func floatBatch() throws {
        let interpreter = try Interpreter(model: try Self.fixture("float_io_conv"), arenaSize: 1 << 20)
        let input = try NPYFile(contentsOf: Fixtures.path("float_io_conv.input0.npy"))
        let expected = try NPYFile(contentsOf: Fixtures.path("float_io_conv.output0.npy"))
        let output = try BatchInvocation(interpreter: interpreter).run(input)
        #expect(output.shape == expected.shape)
        #expect(output.elementBytes == expected.elementBytes)
    }

    @Test("a float batch to an int8 model is quantized as QUANTIZE would")
    func floatToInt8() throws {
        let interpreter = try Interpreter(model: try Self.fixture("softmax"), arenaSize: 1 << 20)
        let tensor = interpreter.subgraph.tensors[interpreter.inputs[0]]
        let (scale, zeroPoint) = (tensor.quantization!.scale[0], Int32(tensor.quantization!.zeroPoint[0]))
        let shape = tensor.shape.map(Int.init)
        let count = shape.reduce(1, *)
        let floats = (0..<(2 * count)).map { Float($0 % 37) * scale * 1.3 - 20 * scale }
        let quantized = floats.map { Int8(clamping: Int32(($0 / scale).rounded()) + zeroPoint) }
        let viaFloat = try BatchInvocation(interpreter: interpreter).run(NPYFile(shape: [2] + shape, values: floats))
        let viaInt8 = try BatchInvocation(interpreter: interpreter).run(NPYFile(shape: [2] + shape, values: quantized))
        #expect(viaFloat == viaInt8)
    }

    @Test("a two-input batch (one array per input) gives tflite-micro's outputs; unequal batches are refused")
    func twoInputBatch() throws {
        let interpreter = try Interpreter(model: try Self.fixture("add_broadcast_both"), arenaSize: 1 << 20)
        let inputs = try (0..<2).map { try NPYFile(contentsOf: Fixtures.path("add_broadcast_both.input\($0).npy")) }
        let expected = try NPYFile(contentsOf: Fixtures.path("add_broadcast_both.output0.npy"))
        let invocation = BatchInvocation(interpreter: interpreter)
        #expect(try invocation.run(inputs) == expected)
        let first: [Int8] = try inputs[1].values()
        let shorter = NPYFile(
            shape: [1] + inputs[1].shape.dropFirst(), values: Array(first.prefix(first.count / inputs[1].shape[0])))
        #expect(throws: ModelError.self) { try invocation.run([inputs[0], shorter]) }
        #expect(throws: ModelError.self) { try invocation.run([inputs[0]]) }
    }

    @Test("floats for an int8 input whose scale or zero point no op checked are refused, not quantized")
    func unusableInputQuantization() throws {
        var model = try Self.fixture("softmax")
        let input = Int(model.subgraphs[0].inputs[0])
        model.subgraphs[0].inputs.append(Int32(model.subgraphs[0].tensors.count))
        model.subgraphs[0].tensors.append(model.subgraphs[0].tensors[input])
        model.subgraphs[0].inputs.removeFirst()
        for (scale, zeroPoint) in [(Float(0), Int64(0)), (.nan, 0), (0.1, Int64(Int32.max) + 1)] {
            model.subgraphs[0].tensors[model.subgraphs[0].tensors.count - 1].quantization = QuantizationParameters(
                scale: [scale], zeroPoint: [zeroPoint])
            let interpreter = try Interpreter(model: model, arenaSize: 1 << 20)
            let shape = interpreter.subgraph.tensors[interpreter.inputs[0]].shape.map(Int.init)
            let floats = NPYFile(shape: [1] + shape, values: [Float](repeating: 1, count: shape.reduce(1, *)))
            #expect(throws: ModelError.self) { try BatchInvocation(interpreter: interpreter).run(floats) }
        }
    }

    @Test("a batch of the wrong shape or type is refused with both shapes named")
    func batchMismatch() throws {
        let interpreter = try Interpreter(model: try Self.fixture("softmax"), arenaSize: 1 << 20)
        let invocation = BatchInvocation(interpreter: interpreter)
        #expect(throws: ModelError.self) {
            try invocation.run(NPYFile(shape: [2, 3], values: [Int8](repeating: 0, count: 6)))
        }
        let shape = interpreter.subgraph.tensors[interpreter.inputs[0]].shape.map(Int.init)
        let ints = [Int32](repeating: 0, count: shape.reduce(1, *))
        #expect(throws: ModelError.self) { try invocation.run(NPYFile(shape: [1] + shape, values: ints)) }
    }
}

@Suite("Hostile models through load and invoke")
struct HostileInterpreterTests {
    @Test(
        "corrupted fixture models throw at read or load, or run; never crash; some of each",
        arguments: ["dscnn_kws", "add_5d_broadcast", "mean_hw", "reshape", "softmax_wide", "float_io_conv"])
    func corrupted(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("\(name).tflite"))))
        // Seeded from the name's bytes (FNV-1a), not `hashValue`, which changes from run to run.
        var generator = SplitMix64(
            state: name.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 })
        var (unreadable, refused, ran) = (0, 0, 0)
        // Debug builds run the kernels slowly; the libFuzzer target (Fuzz/) covers millions of inputs.
        let trials = 60
        for _ in 0..<trials {
            var corrupted = bytes
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0..<corrupted.count, using: &generator)
                corrupted[at] = UInt8.random(in: 0...255, using: &generator)
            }
            guard let model = try? ModelReader.read(corrupted) else {
                unreadable += 1
                continue
            }
            guard let interpreter = try? Interpreter(model: model, arenaSize: 256 * 1024) else {
                refused += 1
                continue
            }
            interpreter.invoke()
            ran += 1
        }
        // Reaching this line is the property; the counts show that the corruptions reached both the checks and the
        // kernels.
        #expect(ran > 0, "\(name): no corrupted model got as far as invoke")
        #expect(unreadable + refused > 0, "\(name): no corruption was caught")
    }
}
