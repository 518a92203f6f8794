import Testing

@testable import SpokenNN

@Suite("Quantize, Dequantize and Reshape")
struct QuantizeTests {
    @Test("QUANTIZE float32 -> int8 bit-exact with TFLM", arguments: KernelFixture.cases(of: "QUANTIZE").map(\.label))
    func quantize(label: String) {
        let c = KernelFixture.cases(of: "QUANTIZE").first { $0.label == label }!.fixture
        let y = c.outputs[0]
        let input = c.inputs[0]!.float32
        var output = [Int8](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer {
                Quantize.run(scale: y.scale, zeroPoint: y.zeroPoint, input: i, output: $0)
            }
        }
        #expect(output == y.int8)
    }

    @Test(
        "DEQUANTIZE int8 -> float32 bit-exact with TFLM", arguments: KernelFixture.cases(of: "DEQUANTIZE").map(\.label))
    func dequantize(label: String) {
        let c = KernelFixture.cases(of: "DEQUANTIZE").first { $0.label == label }!.fixture
        let x = c.inputs[0]!
        let input = x.int8
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer {
                Dequantize.run(scale: x.scale, zeroPoint: x.zeroPoint, input: i, output: $0)
            }
        }
        #expect(output.map(\.bitPattern) == c.outputs[0].float32.map(\.bitPattern))
    }

    @Test("QUANTIZE rounds half away from zero, saturates, and maps NaN to the zero point")
    func quantizeEdges() {
        let input: [Float] = [0.5, -0.5, 1.5, -1.5, 1e10, -1e10, .infinity, .nan]
        var output = [Int8](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { Quantize.run(scale: 1, zeroPoint: 3, input: i, output: $0) }
        }
        #expect(output == [4, 2, 5, 1, 127, -128, 127, 3])
    }

    @Test("RESHAPE copies the bytes unchanged", arguments: KernelFixture.cases(of: "RESHAPE").map(\.label))
    func reshape(label: String) {
        let c = KernelFixture.cases(of: "RESHAPE").first { $0.label == label }!.fixture
        let input = c.inputs[0]!.int8
        var output = [Int8](repeating: 0, count: input.count)
        input.withUnsafeBytes { i in output.withUnsafeMutableBytes { Reshape.run(input: i, output: $0) } }
        #expect(output == c.outputs[0].int8)
    }
}
