/// AVERAGE_POOL_2D on int8, bit-exact with TFLM's `reference_integer_ops::AveragePool`.
///
/// Sums the raw int8 values of the window's cells inside the image (padding is not counted), then divides with
/// TFLM's rounding, `(sum ± count / 2) / count` truncated (half away from zero), and clamps.
public enum AveragePool2D {
    public static func run(
        _ p: PoolParameters, input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "AVERAGE_POOL_2D buffer sizes")
        let depth = p.depth
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: depth) { sums in
            var out = output.baseAddress!
            for batch in 0..<p.batches {
                let image = input.baseAddress! + batch * p.inputHeight * p.inputWidth * depth
                for outY in 0..<p.outputHeight {
                    for outX in 0..<p.outputWidth {
                        let (rows, columns) = p.window(outY, outX)
                        let count = Int32(rows.count * columns.count)
                        sums.initialize(repeating: 0)
                        for y in rows {
                            for x in columns {
                                let pixel = image + (y * p.inputWidth + x) * depth
                                for c in 0..<depth { sums[c] &+= Int32(pixel[c]) }
                            }
                        }
                        // TFLM returns an error for an empty window; the output is left as zeros here.
                        let half = count / 2
                        for c in 0..<depth {
                            let sum = sums[c]
                            let average = count == 0 ? 0 : (sum > 0 ? (sum + half) / count : (sum - half) / count)
                            out[c] = Int8(truncatingIfNeeded: min(max(average, p.activation.min), p.activation.max))
                        }
                        out += depth
                    }
                }
            }
        }
    }
}
