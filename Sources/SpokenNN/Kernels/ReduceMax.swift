/// REDUCE_MAX on int8 (what global max pooling converts to), as TFLM's `reference_ops::ReduceGeneric` with the
/// max reducer: every output starts at -128 and takes the largest input along the reduced axes. No requantization:
/// TFLM requires the input and output quantization to be equal.
public enum ReduceMax {
    public static func run(
        _ shape: ReductionShape, input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(input.count >= shape.inputCount && output.count >= shape.outputCount, "REDUCE_MAX buffer sizes")
        let out = output.baseAddress!
        out.update(repeating: Int8.min, count: shape.outputCount)
        guard shape.inputCount > 0 else { return }
        let innerStride = shape.outputStrides.last ?? 0
        let x = input.baseAddress!
        shape.forEachRun { outputOffset, inputOffset, count in
            if innerStride == 0 {
                var m = out[outputOffset]
                for i in 0..<count { m = max(m, x[inputOffset &+ i]) }
                out[outputOffset] = m
            } else {
                for i in 0..<count {
                    out[outputOffset &+ i &* innerStride] = max(
                        out[outputOffset &+ i &* innerStride], x[inputOffset &+ i])
                }
            }
        }
    }
}
