import Testing

@testable import SpokenNN

@Suite("Conv2D")
struct Conv2DTests {
    static let cases = KernelFixture.cases(of: "CONV_2D")

    static func parameters(_ c: KernelFixture.Case) throws -> ConvolutionParameters {
        let x = c.inputs[0]!
        let w = c.inputs[1]!
        let y = c.outputs[0]
        return try ConvolutionParameters(
            inputShape: x.shape, filterHeight: w.shape[1], filterWidth: w.shape[2], outputDepth: w.shape[0],
            padding: c.padding, strideHeight: c.int("strideH"), strideWidth: c.int("strideW"),
            dilationHeight: c.int("dilationHFactor"), dilationWidth: c.int("dilationWFactor"),
            activation: c.activation, inputScale: x.scale, inputZeroPoint: x.zeroPoint, filterScales: w.scales!,
            outputScale: y.scale, outputZeroPoint: y.zeroPoint)
    }

    @Test("bit-exact with TFLM on every CONV_2D of the fixtures", arguments: cases.map(\.label))
    func fixture(label: String) throws {
        let c = Self.cases.first { $0.label == label }!.fixture
        let p = try Self.parameters(c)
        #expect([p.batches, p.outputHeight, p.outputWidth, p.outputDepth] == c.outputs[0].shape)
        let filter = c.inputs[1]!.int8
        let bias = c.inputs[2].map(\.int32)
        let kernel = filter.withUnsafeBufferPointer { f in
            if let bias { return bias.withUnsafeBufferPointer { Conv2D(parameters: p, filter: f, bias: $0) } }
            return Conv2D(parameters: p, filter: f, bias: nil)
        }
        let output = KernelRunner.run(kernel, input: c.inputs[0]!.int8, outputCount: p.outputCount)
        #expect(output == c.outputs[0].int8)
    }
}
