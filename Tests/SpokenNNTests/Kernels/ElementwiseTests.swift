import Testing

@testable import SpokenNN

@Suite("Add and Mul")
struct ElementwiseTests {
    static let adds = KernelFixture.cases(of: "ADD")
    static let muls = KernelFixture.cases(of: "MUL")

    static func run(
        _ c: KernelFixture.Case,
        _ kernel: (
            BroadcastShape, UnsafeBufferPointer<Int8>, UnsafeBufferPointer<Int8>, UnsafeMutableBufferPointer<Int8>
        )
            -> Void
    ) throws -> [Int8] {
        let shape = try BroadcastShape(c.inputs[0]!.shape, c.inputs[1]!.shape)
        #expect(shape.outputShape == c.outputs[0].shape)
        let a = c.inputs[0]!.int8
        let b = c.inputs[1]!.int8
        return KernelRunner.withScratch(0, shape.outputCount) { out, _ in
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in kernel(shape, a, b, out) } }
        }
    }

    @Test("ADD bit-exact with TFLM, broadcasting included", arguments: adds.map(\.label))
    func add(label: String) throws {
        let c = Self.adds.first { $0.label == label }!.fixture
        let (x, z, y) = (c.inputs[0]!, c.inputs[1]!, c.outputs[0])
        let p = try AddParameters(
            input1Scale: x.scale, input1ZeroPoint: x.zeroPoint, input2Scale: z.scale, input2ZeroPoint: z.zeroPoint,
            outputScale: y.scale, outputZeroPoint: y.zeroPoint, activation: c.activation)
        let output = try Self.run(c) { Add.run(p, shape: $0, input1: $1, input2: $2, output: $3) }
        #expect(output == y.int8)
    }

    @Test("MUL bit-exact with TFLM, broadcasting included", arguments: muls.map(\.label))
    func mul(label: String) throws {
        let c = Self.muls.first { $0.label == label }!.fixture
        let (x, z, y) = (c.inputs[0]!, c.inputs[1]!, c.outputs[0])
        let p = try MulParameters(
            input1Scale: x.scale, input1ZeroPoint: x.zeroPoint, input2Scale: z.scale, input2ZeroPoint: z.zeroPoint,
            outputScale: y.scale, outputZeroPoint: y.zeroPoint, activation: c.activation)
        let output = try Self.run(c) { Mul.run(p, shape: $0, input1: $1, input2: $2, output: $3) }
        #expect(output == y.int8)
    }

    @Test("broadcast shapes follow NumPy rules up to 6 dimensions")
    func broadcast() throws {
        #expect(try BroadcastShape([1, 4, 1, 3], [1, 1, 5, 1]).outputShape == [1, 4, 5, 3])
        #expect(try BroadcastShape([1, 6, 5, 4], [4]).outputShape == [1, 6, 5, 4])
        #expect(throws: ModelError.self) { try BroadcastShape([2, 3], [4, 3]) }
        #expect(throws: ModelError.self) { try BroadcastShape([1, 1, 1, 1, 1, 1, 2], [2]) }
    }
}
