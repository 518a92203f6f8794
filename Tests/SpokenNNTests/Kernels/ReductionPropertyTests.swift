import Testing

@testable import SpokenNN

/// MEAN and REDUCE_MAX over random shapes and axis sets against a literal loop over output elements (every input
/// element whose unreduced coordinates match), with TFLM's MEAN output stage.
@Suite("Reduction properties")
struct ReductionPropertyTests {
    static func coordinates(_ index: Int, _ shape: [Int]) -> [Int] {
        var rest = index
        var result = [Int](repeating: 0, count: shape.count)
        for d in (0..<shape.count).reversed() {
            result[d] = rest % shape[d]
            rest /= shape[d]
        }
        return result
    }

    @Test("MEAN and REDUCE_MAX reduce exactly the chosen axes", arguments: 0..<80)
    func reduce(seed: Int) throws {
        var g = SplitMix(seed: UInt64(seed) + 30_000)
        let rank = Int.random(in: 1...5, using: &g)
        let shape = (0..<rank).map { _ in Int.random(in: 1...5, using: &g) }
        let axes = (0..<rank).filter { _ in Bool.random(using: &g) }.map {
            Int32($0 - (Bool.random(using: &g) ? rank : 0))
        }
        let keepDims = Bool.random(using: &g)
        let reduction = try ReductionShape(inputShape: shape, axes: axes.isEmpty ? [0] : axes, keepDims: keepDims)
        let input = (0..<reduction.inputCount).map { _ in Int8.random(in: .min ... .max, using: &g) }
        let inputZeroPoint = Int32.random(in: -128...127, using: &g)
        let mean = Mean(
            shape: reduction, inputScale: Float.random(in: 0.01...0.1, using: &g), inputZeroPoint: inputZeroPoint,
            outputScale: Float.random(in: 0.01...0.1, using: &g),
            outputZeroPoint: Int32.random(in: -128...127, using: &g))

        var sums = [Int32](repeating: 0, count: reduction.outputCount)
        var maxima = [Int8](repeating: .min, count: reduction.outputCount)
        let kept = (0..<rank).filter { !reduction.axes.contains($0) }
        let keptShape = kept.map { shape[$0] }
        for index in 0..<reduction.inputCount {
            let c = Self.coordinates(index, shape)
            var outputIndex = 0
            for (d, size) in zip(kept, keptShape) { outputIndex = outputIndex * size + c[d] }
            sums[outputIndex] &+= Int32(input[index])
            maxima[outputIndex] = max(maxima[outputIndex], input[index])
        }
        let n = Int32(reduction.reducedCount)
        let expectedMean = sums.map { sum -> Int8 in
            let value =
                FixedPoint.multiplyByQuantizedMultiplier(
                    sum - inputZeroPoint * n, mean.multiplier.multiplier, mean.multiplier.shift) + mean.outputZeroPoint
            return Int8(min(max(value, -128), 127))
        }
        let meanOutput = KernelRunner.withScratch(0, reduction.outputCount) { out, _ in
            input.withUnsafeBufferPointer { mean.run(input: $0, output: out) }
        }
        let maxOutput = KernelRunner.withScratch(0, reduction.outputCount) { out, _ in
            input.withUnsafeBufferPointer { ReduceMax.run(reduction, input: $0, output: out) }
        }
        #expect(meanOutput == expectedMean)
        #expect(maxOutput == maxima)
    }
}
