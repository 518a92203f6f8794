/// DEPTHWISE_CONV_2D with int8 activations, per-channel int8 weights and int32 bias, any depth multiplier,
/// bit-exact with TFLM's `reference_integer_ops::DepthwiseConvPerChannel`.
///
/// Output channel `c = inputChannel * depthMultiplier + m` sums `filter[fy][fx][c] * (input[..][inputChannel] +
/// inputOffset)` over the taps inside the image. As in `Conv2D`, the image is padded with the input zero point and
/// the bias absorbs `inputOffset * sum(filter[.][.][c])`; the accumulation runs across channels, which are
/// contiguous in NHWC, so the inner loop vectorizes.
public struct DepthwiseConv2D: Sendable {
    public let parameters: ConvolutionParameters
    /// `[filterHeight * filterWidth][outputDepth]`, as in the model (`[1, H, W, C * M]`).
    private let filter: [Int8]
    private let bias: [Int32]

    public init(parameters: ConvolutionParameters, filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>?)
    {
        let p = parameters
        precondition(p.outputDepth == p.inputDepth * p.depthMultiplier, "DEPTHWISE_CONV_2D depth multiplier")
        precondition(filter.count == p.filterHeight * p.filterWidth * p.outputDepth, "DEPTHWISE_CONV_2D filter size")
        precondition(bias == nil || bias!.count == p.outputDepth, "DEPTHWISE_CONV_2D bias size")
        self.parameters = p
        self.filter = Array(filter)
        let taps = p.filterHeight * p.filterWidth
        let inputOffset = -p.inputZeroPoint
        self.bias = (0..<p.outputDepth).map { channel in
            var sum: Int32 = 0
            for tap in 0..<taps { sum &+= Int32(filter[tap * p.outputDepth + channel]) }
            return (bias?[channel] ?? 0) &+ inputOffset &* sum
        }
    }

    /// Scratch bytes `run` needs: a zero-point-padded image, the input spread to output channels when the depth
    /// multiplier is above 1, and one int32 accumulator per output channel.
    public var scratchByteCount: Int {
        let p = parameters
        let spread = p.depthMultiplier > 1 ? p.paddedHeight * p.paddedWidth * p.outputDepth : 0
        return p.paddedImageBytes + spread + 4 * p.outputDepth + 16
    }

    public func run(
        input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let p = parameters
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "DEPTHWISE_CONV_2D buffer sizes")
        precondition(scratch.count >= scratchByteCount, "DEPTHWISE_CONV_2D scratch size")
        let base = scratch.baseAddress!
        let padded = base.assumingMemoryBound(to: Int8.self)
        let spreadBytes = p.depthMultiplier > 1 ? p.paddedHeight * p.paddedWidth * p.outputDepth : 0
        let spread = padded + p.paddedImageBytes
        let accumulatorOffset = (p.paddedImageBytes + spreadBytes + 15) & ~15
        let accumulators = (base + accumulatorOffset).bindMemory(to: Int32.self, capacity: p.outputDepth)
        let channels = p.outputDepth
        filter.withUnsafeBufferPointer { filterBuffer in
            bias.withUnsafeBufferPointer { biasBuffer in
                p.multipliers.multipliers.withUnsafeBufferPointer { multipliers in
                    p.multipliers.shifts.withUnsafeBufferPointer { shifts in
                        let weights = filterBuffer.baseAddress!
                        var out = output.baseAddress!
                        for batch in 0..<p.batches {
                            var (image, rowStride) = p.paddedImage(input.baseAddress!, batch: batch, scratch: padded)
                            if p.depthMultiplier > 1 {
                                // Repeat each input channel depthMultiplier times so taps index output channels.
                                let pixels = p.paddedHeight * p.paddedWidth
                                for pixel in 0..<pixels {
                                    let source =
                                        image + (pixel / p.paddedWidth) * rowStride
                                        + (pixel % p.paddedWidth) * p.inputDepth
                                    let destination = spread + pixel * channels
                                    for c in 0..<channels { destination[c] = source[c / p.depthMultiplier] }
                                }
                                image = UnsafePointer(spread)
                                rowStride = p.paddedWidth * channels
                            }
                            for outY in 0..<p.outputHeight {
                                for outX in 0..<p.outputWidth {
                                    accumulators.update(from: biasBuffer.baseAddress!, count: channels)
                                    for fy in 0..<p.filterHeight {
                                        let row = image + (outY * p.strideHeight + fy * p.dilationHeight) * rowStride
                                        for fx in 0..<p.filterWidth {
                                            let pixel = row + (outX * p.strideWidth + fx * p.dilationWidth) * channels
                                            let tap = weights + (fy * p.filterWidth + fx) * channels
                                            for c in 0..<channels {
                                                accumulators[c] &+= Int32(pixel[c]) &* Int32(tap[c])
                                            }
                                        }
                                    }
                                    for c in 0..<channels {
                                        out[c] = p.requantize(
                                            accumulators[c], multiplier: multipliers[c], shift: shifts[c])
                                    }
                                    out += channels
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
