import Testing

@testable import SpokenNN

@Suite("FullyConnected")
struct FullyConnectedTests {
    static let cases = KernelFixture.cases(of: "FULLY_CONNECTED")

    @Test("bit-exact with TFLM on every FULLY_CONNECTED of the fixtures", arguments: cases.map(\.label))
    func fixture(label: String) throws {
        let c = Self.cases.first { $0.label == label }!.fixture
        let x = c.inputs[0]!
        let w = c.inputs[1]!
        let y = c.outputs[0]
        let p = try FullyConnectedParameters(
            inputCount: x.count, accumulationDepth: w.shape[1], outputDepth: w.shape[0], activation: c.activation,
            inputScale: x.scale, inputZeroPoint: x.zeroPoint, filterScales: w.scales!, filterZeroPoint: w.zeroPoint,
            outputScale: y.scale, outputZeroPoint: y.zeroPoint)
        let filter = w.int8
        let bias = c.inputs[2]!.int32
        let kernel = filter.withUnsafeBufferPointer { f in
            bias.withUnsafeBufferPointer { FullyConnected(parameters: p, filter: f, bias: $0) }
        }
        #expect(KernelRunner.run(kernel, input: x.int8, outputCount: y.count) == y.int8)
    }

    @Test("a filter zero point is applied as TFLM's weights_offset")
    func filterZeroPoint() throws {
        // 2 rows of 3: y = ((w - 5) . (x + 1)) * 1/4 exactly (multiplier 2^30, shift -1).
        let p = FullyConnectedParameters(
            batches: 2, accumulationDepth: 3, outputDepth: 2, inputZeroPoint: -1, filterZeroPoint: 5,
            outputZeroPoint: 0, activation: .int8,
            multipliers: ChannelMultipliers(multipliers: [1 << 30, 1 << 30], shifts: [-1, -1]))
        let filter: [Int8] = [9, 5, 1, -3, 7, 13]
        let bias: [Int32] = [4, -8]
        let kernel = filter.withUnsafeBufferPointer { f in
            bias.withUnsafeBufferPointer { FullyConnected(parameters: p, filter: f, bias: $0) }
        }
        let input: [Int8] = [3, -2, 10, 0, 1, -1]
        var expected = [Int8]()
        for b in 0..<2 {
            for o in 0..<2 {
                var acc = bias[o]
                for k in 0..<3 { acc += (Int32(filter[o * 3 + k]) - 5) * (Int32(input[b * 3 + k]) + 1) }
                expected.append(Int8(FixedPoint.multiplyByQuantizedMultiplier(acc, 1 << 30, -1)))
            }
        }
        #expect(KernelRunner.run(kernel, input: input, outputCount: 4) == expected)
    }
}
