/// MAX_POOL_2D on int8, bit-exact with TFLM's `reference_integer_ops::MaxPool`: the largest value of the window's
/// cells inside the image (starting from -128), clamped to the activation range.
///
/// Channels go 16 at a time with the running maximum in a register, the rest one at a time; updating the output in
/// memory per window cell instead chains every cell through a store and a reload.
public enum MaxPool2D {
    public static func run(
        _ p: PoolParameters, input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "MAX_POOL_2D buffer sizes")
        typealias Bytes = SIMD16<Int8>
        let depth = p.depth
        let low = Int8(truncatingIfNeeded: p.activation.min)
        let high = Int8(truncatingIfNeeded: p.activation.max)
        let lows = Bytes(repeating: low)
        let highs = Bytes(repeating: high)
        var out = output.baseAddress!
        for batch in 0..<p.batches {
            let image = input.baseAddress! + batch * p.inputHeight * p.inputWidth * depth
            for outY in 0..<p.outputHeight {
                for outX in 0..<p.outputWidth {
                    let (rows, columns) = p.window(outY, outX)
                    var c = 0
                    while c + Bytes.scalarCount <= depth {
                        var largest = Bytes(repeating: Int8.min)
                        for y in rows {
                            for x in columns {
                                let cell = UnsafeRawPointer(image + (y * p.inputWidth + x) * depth + c)
                                let value = cell.loadUnaligned(as: Bytes.self)
                                largest.replace(with: value, where: largest .< value)
                            }
                        }
                        largest.replace(with: lows, where: largest .< lows)
                        largest.replace(with: highs, where: largest .> highs)
                        UnsafeMutableRawPointer(out + c).storeBytes(of: largest, as: Bytes.self)
                        c += Bytes.scalarCount
                    }
                    for c in c..<depth {
                        var largest = Int8.min
                        for y in rows {
                            for x in columns { largest = max(largest, image[(y * p.inputWidth + x) * depth + c]) }
                        }
                        out[c] = min(max(largest, low), high)
                    }
                    out += depth
                }
            }
        }
    }
}
