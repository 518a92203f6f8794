import Testing

@testable import SpokenNN

@Suite("Softmax")
struct SoftmaxTests {
    static let cases = KernelFixture.cases(of: "SOFTMAX")

    @Test("SOFTMAX int8 bit-exact with TFLM", arguments: cases.map(\.label))
    func fixture(label: String) throws {
        let c = Self.cases.first { $0.label == label }!.fixture
        let x = c.inputs[0]!
        let kernel = try Softmax(inputScale: x.scale, beta: Float(c.options["beta"]!.double!))
        let input = x.int8
        let output = KernelRunner.withScratch(0, x.count) { out, _ in
            input.withUnsafeBufferPointer { kernel.run(depth: x.shape.last!, input: $0, output: out) }
        }
        #expect(output == c.outputs[0].int8)
    }

    @Test("rows sum to about 1 and order is kept, for every int8 input")
    func property() throws {
        let kernel = try Softmax(inputScale: 0.1, beta: 1)
        var generator = SplitMix(seed: 11)
        for _ in 0..<200 {
            let row = (0..<10).map { _ in Int8.random(in: -128...127, using: &generator) }
            let output = KernelRunner.withScratch(0, 10) { out, _ in
                row.withUnsafeBufferPointer { kernel.run(depth: 10, input: $0, output: out) }
            }
            let total = output.reduce(0) { $0 + Int($1) + 128 }
            #expect(abs(total - 256) <= 10)
            for i in 0..<10 {
                for j in 0..<10 where row[i] < row[j] { #expect(output[i] <= output[j]) }
            }
        }
    }
}
