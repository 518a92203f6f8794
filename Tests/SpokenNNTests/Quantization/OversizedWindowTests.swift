import Testing

@testable import SpokenNN

@Suite("A VALID window larger than its input")
struct OversizedWindowTests {
    @Test("pooling and convolution refuse it with a ModelError instead of trapping on a negative output size")
    func refused() throws {
        let pooling = #expect(throws: ModelError.self) {
            try PoolParameters(
                inputShape: [1, 2, 9, 4], filterHeight: 12, filterWidth: 3, strideHeight: 1, strideWidth: 1,
                padding: .valid, activation: .none, outputScale: 0.1, outputZeroPoint: 0)
        }
        #expect(pooling?.description.contains("larger than its input") == true)
        #expect(throws: ModelError.self) {
            try ConvolutionParameters(
                inputShape: [1, 9, 2, 4], filterHeight: 3, filterWidth: 7, outputDepth: 8, padding: .valid,
                strideHeight: 1, strideWidth: 1, activation: .none, inputScale: 0.1, inputZeroPoint: 0,
                filterScales: [0.01], outputScale: 0.1, outputZeroPoint: 0)
        }
    }
}
