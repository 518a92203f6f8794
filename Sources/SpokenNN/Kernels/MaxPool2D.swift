/// MAX_POOL_2D on int8, bit-exact with TFLM's `reference_integer_ops::MaxPool`: the largest value of the window's
/// cells inside the image (starting from -128), clamped to the activation range.
public enum MaxPool2D {
    public static func run(
        _ p: PoolParameters, input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "MAX_POOL_2D buffer sizes")
        let depth = p.depth
        let low = Int8(truncatingIfNeeded: p.activation.min)
        let high = Int8(truncatingIfNeeded: p.activation.max)
        var out = output.baseAddress!
        for batch in 0..<p.batches {
            let image = input.baseAddress! + batch * p.inputHeight * p.inputWidth * depth
            for outY in 0..<p.outputHeight {
                for outX in 0..<p.outputWidth {
                    let (rows, columns) = p.window(outY, outX)
                    out.update(repeating: Int8.min, count: depth)
                    for y in rows {
                        for x in columns {
                            let pixel = image + (y * p.inputWidth + x) * depth
                            for c in 0..<depth { out[c] = max(out[c], pixel[c]) }
                        }
                    }
                    for c in 0..<depth { out[c] = min(max(out[c], low), high) }
                    out += depth
                }
            }
        }
    }
}
