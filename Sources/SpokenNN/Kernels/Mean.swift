/// MEAN on int8, bit-exact with TFLM's `reference_ops::QuantizedMeanOrSum` (the path TFLM's reduce.cc takes for
/// int8, with `keep_dims` either way).
///
/// The raw int8 values are summed in int32 per output element; the sum is corrected by `inputZeroPoint * count`
/// and requantized with `QuantizeMultiplier(inputScale / outputScale)` into which TFLM folds `1 / count`: the
/// multiplier is scaled up by `2^shift` with `shift = min(floor(log2 count), 32, 31 + outputShift)`, divided by the
/// count in int64 and the shift reduced to match.
public struct Mean: Sendable {
    public let shape: ReductionShape
    public let inputZeroPoint: Int32
    public let outputZeroPoint: Int32
    /// The multiplier and shift after TFLM's folding of `1 / count`.
    public let multiplier: QuantizedMultiplier

    public init(
        shape: ReductionShape, inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
    ) {
        self.shape = shape
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        var m = QuantizedMultiplier(Double(inputScale) / Double(outputScale))
        let count = Int64(shape.reducedCount)
        if count > 0 {
            var shift = Int32(63 - UInt64(count).leadingZeroBitCount)
            shift = min(shift, 32)
            shift = min(shift, 31 + m.shift)
            m.multiplier = Int32(truncatingIfNeeded: (Int64(m.multiplier) << Int64(shift)) / count)
            m.shift -= shift
        }
        self.multiplier = m
    }

    public func run(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
        precondition(input.count >= shape.inputCount && output.count >= shape.outputCount, "MEAN buffer sizes")
        let outputCount = shape.outputCount
        guard shape.reducedCount > 0 else {
            output.baseAddress!.update(repeating: 0, count: outputCount)
            return
        }
        let innerStride = shape.outputStrides.last ?? 0
        let correction = inputZeroPoint &* Int32(truncatingIfNeeded: shape.reducedCount)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: outputCount) { sums in
            sums.initialize(repeating: 0)
            let x = input.baseAddress!
            shape.forEachRun { outputOffset, inputOffset, count in
                if innerStride == 0 {
                    var sum: Int32 = 0
                    for i in 0..<count { sum &+= Int32(x[inputOffset &+ i]) }
                    sums[outputOffset] &+= sum
                } else {
                    for i in 0..<count { sums[outputOffset &+ i &* innerStride] &+= Int32(x[inputOffset &+ i]) }
                }
            }
            for i in 0..<outputCount {
                let value =
                    FixedPoint.multiplyByQuantizedMultiplier(
                        sums[i] &- correction, multiplier.multiplier, multiplier.shift)
                    &+ outputZeroPoint
                output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
            }
        }
    }
}
