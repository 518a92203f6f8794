import Testing

@testable import SpokenNN

@Suite("AveragePool2D and MaxPool2D")
struct PoolingTests {
    static let average = KernelFixture.cases(of: "AVERAGE_POOL_2D")
    static let maximum = KernelFixture.cases(of: "MAX_POOL_2D")

    static func parameters(_ c: KernelFixture.Case) throws -> PoolParameters {
        try PoolParameters(
            inputShape: c.inputs[0]!.shape, filterHeight: c.int("filterHeight"), filterWidth: c.int("filterWidth"),
            strideHeight: c.int("strideH"), strideWidth: c.int("strideW"), padding: c.padding,
            activation: c.activation, outputScale: c.outputs[0].scale, outputZeroPoint: c.outputs[0].zeroPoint)
    }

    static func run(
        _ c: KernelFixture.Case,
        _ kernel: (PoolParameters, UnsafeBufferPointer<Int8>, UnsafeMutableBufferPointer<Int8>) -> Void
    ) throws -> [Int8] {
        let p = try parameters(c)
        #expect([p.batches, p.outputHeight, p.outputWidth, p.depth] == c.outputs[0].shape)
        let input = c.inputs[0]!.int8
        return KernelRunner.withScratch(0, p.outputCount) { output, _ in
            input.withUnsafeBufferPointer { kernel(p, $0, output) }
        }
    }

    @Test("AVERAGE_POOL_2D bit-exact with TFLM", arguments: average.map(\.label))
    func averagePool(label: String) throws {
        let c = Self.average.first { $0.label == label }!.fixture
        let output = try Self.run(c) { AveragePool2D.run($0, input: $1, output: $2) }
        #expect(output == c.outputs[0].int8)
    }

    @Test("MAX_POOL_2D bit-exact with TFLM", arguments: maximum.map(\.label))
    func maxPool(label: String) throws {
        let c = Self.maximum.first { $0.label == label }!.fixture
        let output = try Self.run(c) { MaxPool2D.run($0, input: $1, output: $2) }
        #expect(output == c.outputs[0].int8)
    }

    @Test("average rounds half away from zero: (sum ± count/2) / count")
    func averageRounding() {
        // One 1x2 window per channel: sums 3, -3, 1, -1, 0 over 2 cells.
        let p = PoolParameters(
            batches: 1, inputHeight: 1, inputWidth: 2, depth: 5, filterHeight: 1, filterWidth: 2, outputHeight: 1,
            outputWidth: 1, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0, activation: .int8)
        let input: [Int8] = [1, -1, 0, 0, 0, 2, -2, 1, -1, 0]
        let output = KernelRunner.withScratch(0, 5) { out, _ in
            input.withUnsafeBufferPointer { AveragePool2D.run(p, input: $0, output: out) }
        }
        #expect(output == [2, -2, 1, -1, 0])
    }
}
