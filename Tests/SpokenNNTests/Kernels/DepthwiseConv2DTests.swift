import Testing

@testable import SpokenNN

@Suite("DepthwiseConv2D")
struct DepthwiseConv2DTests {
    static let cases = KernelFixture.cases(of: "DEPTHWISE_CONV_2D")

    @Test("bit-exact with TFLM on every DEPTHWISE_CONV_2D of the fixtures", arguments: cases.map(\.label))
    func fixture(label: String) throws {
        let c = Self.cases.first { $0.label == label }!.fixture
        let x = c.inputs[0]!
        let w = c.inputs[1]!
        let y = c.outputs[0]
        let p = try ConvolutionParameters(
            inputShape: x.shape, filterHeight: w.shape[1], filterWidth: w.shape[2], outputDepth: w.shape[3],
            padding: c.padding, strideHeight: c.int("strideH"), strideWidth: c.int("strideW"),
            dilationHeight: c.int("dilationHFactor"), dilationWidth: c.int("dilationWFactor"),
            depthMultiplier: c.int("depthMultiplier"), activation: c.activation, inputScale: x.scale,
            inputZeroPoint: x.zeroPoint, filterScales: w.scales!, outputScale: y.scale, outputZeroPoint: y.zeroPoint)
        #expect([p.batches, p.outputHeight, p.outputWidth, p.outputDepth] == y.shape)
        let filter = w.int8
        let bias = c.inputs[2]!.int32
        let kernel = filter.withUnsafeBufferPointer { f in
            bias.withUnsafeBufferPointer { DepthwiseConv2D(parameters: p, filter: f, bias: $0) }
        }
        #expect(KernelRunner.run(kernel, input: x.int8, outputCount: p.outputCount) == y.int8)
    }
}
