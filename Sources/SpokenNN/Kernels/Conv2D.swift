/// CONV_2D with int8 activations, per-channel int8 weights and int32 bias, bit-exact with TFLM's
/// `reference_integer_ops::ConvPerChannel`.
///
/// TFLM accumulates `filter * (input + inputOffset)` over the taps inside the image in int32, adds the bias,
/// requantizes per channel and clamps. Here, at load, the weights are kept as rows of one output channel and the
/// bias absorbs `inputOffset * sum(filter row)`; at evaluation the image is padded with the input zero point (so a
/// padded tap adds exactly what TFLM's skipped tap adds: nothing), each window is gathered into one contiguous
/// patch, and the accumulator is `bias' + dot(patch, row)`. Int32 addition is exact modulo 2^32 in any order, so
/// the result is the same integer TFLM computes.
public struct Conv2D: Sendable {
    public let parameters: ConvolutionParameters
    /// OHWI filter rows, `patchCount` values each.
    private let filter: [Int8]
    /// Bias plus `inputOffset * sum(filter row)` per output channel.
    private let bias: [Int32]

    /// Prepares the kernel: `filter` is OHWI (`[outputDepth, filterHeight, filterWidth, inputDepth]`), `bias` has
    /// `outputDepth` values or is `nil`.
    public init(parameters: ConvolutionParameters, filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>?)
    {
        let p = parameters
        let patch = p.filterHeight * p.filterWidth * p.inputDepth
        precondition(filter.count == p.outputDepth * patch, "CONV_2D filter size")
        precondition(bias == nil || bias!.count == p.outputDepth, "CONV_2D bias size")
        self.parameters = p
        self.filter = Array(filter)
        let inputOffset = -p.inputZeroPoint
        self.bias = (0..<p.outputDepth).map { channel in
            var sum: Int32 = 0
            for k in 0..<patch { sum &+= Int32(filter[channel * patch + k]) }
            return (bias?[channel] ?? 0) &+ inputOffset &* sum
        }
    }

    private var patchCount: Int { parameters.filterHeight * parameters.filterWidth * parameters.inputDepth }

    /// Scratch bytes `run` needs: one zero-point-padded image and one patch.
    public var scratchByteCount: Int { parameters.paddedImageBytes + patchCount }

    /// Runs the convolution over all batches. `input` and `output` are NHWC; `scratch` has `scratchByteCount` bytes.
    public func run(
        input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let p = parameters
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "CONV_2D buffer sizes")
        precondition(scratch.count >= scratchByteCount, "CONV_2D scratch size")
        let padded = scratch.baseAddress!.assumingMemoryBound(to: Int8.self)
        let patch = padded + p.paddedImageBytes
        let k = patchCount
        let depth = p.inputDepth
        let rowBytes = p.filterWidth * depth
        let pointwise = p.filterHeight == 1 && p.filterWidth == 1
        let contiguousRows = p.dilationWidth == 1
        filter.withUnsafeBufferPointer { filterBuffer in
            bias.withUnsafeBufferPointer { biasBuffer in
                p.multipliers.multipliers.withUnsafeBufferPointer { multipliers in
                    p.multipliers.shifts.withUnsafeBufferPointer { shifts in
                        let weights = filterBuffer.baseAddress!
                        var out = output.baseAddress!
                        for batch in 0..<p.batches {
                            let (image, rowStride) = p.paddedImage(input.baseAddress!, batch: batch, scratch: padded)
                            for outY in 0..<p.outputHeight {
                                let inY = outY * p.strideHeight
                                for outX in 0..<p.outputWidth {
                                    let inX = outX * p.strideWidth
                                    let window: UnsafePointer<Int8>
                                    if pointwise {
                                        window = image + inY * rowStride + inX * depth
                                    } else {
                                        var destination = patch
                                        for fy in 0..<p.filterHeight {
                                            let row = image + (inY + fy * p.dilationHeight) * rowStride + inX * depth
                                            if contiguousRows {
                                                destination.update(from: row, count: rowBytes)
                                                destination += rowBytes
                                            } else {
                                                for fx in 0..<p.filterWidth {
                                                    destination.update(
                                                        from: row + fx * p.dilationWidth * depth, count: depth)
                                                    destination += depth
                                                }
                                            }
                                        }
                                        window = UnsafePointer(patch)
                                    }
                                    Self.dotRows(
                                        window, weights, count: k, rows: p.outputDepth, bias: biasBuffer.baseAddress!,
                                        multipliers: multipliers.baseAddress!, shifts: shifts.baseAddress!,
                                        zeroPoint: p.outputZeroPoint, activation: p.activation, output: out)
                                    out += p.outputDepth
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `output[r] = requantize(bias[r] + dot(x, weights[r]))` for every row `r`, four rows at a time so each load of
    /// `x` serves four products.
    @inline(__always)
    static func dotRows(
        _ x: UnsafePointer<Int8>, _ weights: UnsafePointer<Int8>, count: Int, rows: Int,
        bias: UnsafePointer<Int32>, multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>,
        zeroPoint: Int32, activation: ActivationRange, output: UnsafeMutablePointer<Int8>
    ) {
        @inline(__always) func store(_ r: Int, _ sum: Int32) {
            output[r] = activation.requantize(
                bias[r] &+ sum, multiplier: multipliers[r], shift: shifts[r], zeroPoint: zeroPoint)
        }
        var row = 0
        while row + 4 <= rows {
            let w0 = weights + row * count
            let (a0, a1, a2, a3) = DotProduct.dot4(x, w0, w0 + count, w0 + 2 * count, w0 + 3 * count, count: count)
            store(row, a0)
            store(row + 1, a1)
            store(row + 2, a2)
            store(row + 3, a3)
            row += 4
        }
        while row < rows {
            store(row, DotProduct.dot(x, weights + row * count, count: count))
            row += 1
        }
    }
}
