import Testing

@testable import SpokenNN

@Suite("Mean and ReduceMax")
struct ReductionTests {
    static let means = KernelFixture.cases(of: "MEAN")
    static let maxima = KernelFixture.cases(of: "REDUCE_MAX")

    static func shape(_ c: KernelFixture.Case) throws -> ReductionShape {
        let shape = try ReductionShape(
            inputShape: c.inputs[0]!.shape, axes: c.inputs[1]!.int32, keepDims: c.bool("keepDims"))
        #expect(shape.outputShape == c.outputs[0].shape)
        return shape
    }

    @Test("MEAN bit-exact with TFLM", arguments: means.map(\.label))
    func mean(label: String) throws {
        let c = Self.means.first { $0.label == label }!.fixture
        let x = c.inputs[0]!
        let y = c.outputs[0]
        let kernel = Mean(
            shape: try Self.shape(c), inputScale: x.scale, inputZeroPoint: x.zeroPoint, outputScale: y.scale,
            outputZeroPoint: y.zeroPoint)
        let input = x.int8
        let output = KernelRunner.withScratch(0, y.count) { out, _ in
            input.withUnsafeBufferPointer { kernel.run(input: $0, output: out) }
        }
        #expect(output == y.int8)
    }

    @Test("REDUCE_MAX bit-exact with TFLM", arguments: maxima.map(\.label))
    func reduceMax(label: String) throws {
        let c = Self.maxima.first { $0.label == label }!.fixture
        let shape = try Self.shape(c)
        let input = c.inputs[0]!.int8
        let output = KernelRunner.withScratch(0, shape.outputCount) { out, _ in
            input.withUnsafeBufferPointer { ReduceMax.run(shape, input: $0, output: out) }
        }
        #expect(output == c.outputs[0].int8)
    }

    @Test("axes resolve like TFLM: negative from the end, duplicates once")
    func axes() throws {
        let shape = try ReductionShape(inputShape: [2, 3, 4, 5], axes: [-1, 1, 3], keepDims: false)
        #expect(shape.axes == [1, 3] && shape.outputShape == [2, 4] && shape.reducedCount == 15)
        let kept = try ReductionShape(inputShape: [2, 3, 4, 5], axes: [0, 2], keepDims: true)
        #expect(kept.outputShape == [1, 3, 1, 5])
        #expect(throws: ModelError.self) { try ReductionShape(inputShape: [2, 3], axes: [2], keepDims: false) }
    }
}
