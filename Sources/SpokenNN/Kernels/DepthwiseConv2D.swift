/// DEPTHWISE_CONV_2D with int8 activations, per-channel int8 weights and int32 bias, any depth multiplier,
/// bit-exact with TFLM's `reference_integer_ops::DepthwiseConvPerChannel`.
///
/// Output channel `c = inputChannel * depthMultiplier + m` sums `filter[fy][fx][c] * (input[..][inputChannel] +
/// inputOffset)` over the taps inside the image. As in `Conv2D`, the image is padded with the input zero point and
/// the bias absorbs `inputOffset * sum(filter[.][.][c])`. The padded image is then widened once into int32 lanes, 16
/// channels a vector (`ByteLanes` order; weights, bias and output stage are laid out in it at load), so that per
/// pixel and block of 16 channels each tap is one multiply-add, and the block's output stage stores the 16 results
/// straight into the output.
public struct DepthwiseConv2D: Sendable {
    typealias Lanes = FixedPoint.Lanes

    public let parameters: ConvolutionParameters
    /// `[filterHeight * filterWidth][blocks]` of 16 channels each, padded with zero weights.
    private let filter: [Lanes]
    private let bias: [Lanes]
    private let stage: OutputStage

    private static let lanes = OutputStage.lanes

    public init(parameters: ConvolutionParameters, filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>?)
    {
        let p = parameters
        precondition(p.outputDepth == p.inputDepth * p.depthMultiplier, "DEPTHWISE_CONV_2D depth multiplier")
        precondition(filter.count == p.filterHeight * p.filterWidth * p.outputDepth, "DEPTHWISE_CONV_2D filter size")
        precondition(bias == nil || bias!.count == p.outputDepth, "DEPTHWISE_CONV_2D bias size")
        self.parameters = p
        let taps = p.filterHeight * p.filterWidth
        let inputOffset = -p.inputZeroPoint
        self.filter = (0..<taps).flatMap { tap in
            ByteLanes.blocks(count: p.outputDepth) { Int32(filter[tap * p.outputDepth + $0]) }
        }
        self.bias = ByteLanes.blocks(count: p.outputDepth) { c in
            var sum: Int32 = 0
            for tap in 0..<taps { sum &+= Int32(filter[tap * p.outputDepth + c]) }
            return (bias?[c] ?? 0) &+ inputOffset &* sum
        }
        stage = OutputStage(p.multipliers, zeroPoint: p.outputZeroPoint, activation: p.activation)
    }

    private var blocks: Int { bias.count }

    /// Values of the image spread to output channels when the depth multiplier is above 1.
    private var spreadValues: Int {
        let p = parameters
        return p.depthMultiplier > 1 ? p.paddedHeight * p.paddedWidth * p.outputDepth : 0
    }

    /// Where in the scratch the image as int32 lanes starts: after the padded image, the image spread to output
    /// channels when the depth multiplier is above 1 and 16 bytes of slack (the last channel block reads past the last
    /// pixel, into values multiplied by zero weights), aligned for the lane vectors.
    private var lanesOffset: Int { (parameters.paddedImageValues + spreadValues + Self.lanes + 63) & ~63 }

    /// Scratch bytes `run` needs: what comes before `lanesOffset`, then the image as int32 lanes, `blocks` vectors a
    /// pixel.
    public var scratchByteCount: Int {
        lanesOffset + parameters.paddedHeight * parameters.paddedWidth * blocks * MemoryLayout<Lanes>.stride
    }

    public func run(
        input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let p = parameters
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "DEPTHWISE_CONV_2D buffer sizes")
        precondition(scratch.count >= scratchByteCount, "DEPTHWISE_CONV_2D scratch size")
        let imageValues = p.paddedImageValues
        let padded = scratch.baseAddress!.bindMemory(to: Int8.self, capacity: imageValues + spreadValues + Self.lanes)
        (padded + imageValues + spreadValues).update(repeating: 0, count: Self.lanes)
        let paddedPixels = p.paddedHeight * p.paddedWidth
        let lanes = (scratch.baseAddress! + lanesOffset).bindMemory(to: Lanes.self, capacity: paddedPixels * blocks)
        let spread = padded + imageValues
        let pixels = p.outputHeight * p.outputWidth
        let channels = p.outputDepth
        for batch in 0..<p.batches {
            p.widenPadded(input.baseAddress!, batch: batch, into: padded)
            var image = UnsafePointer(padded)
            if p.depthMultiplier > 1 {
                // Repeat each input channel depthMultiplier times so taps index output channels.
                for pixel in 0..<paddedPixels {
                    let source = image + pixel * p.inputDepth
                    let destination = spread + pixel * channels
                    for c in 0..<channels { destination[c] = source[c / p.depthMultiplier] }
                }
                image = UnsafePointer(spread)
            }
            for pixel in 0..<paddedPixels {
                for block in 0..<blocks {
                    lanes[pixel &* blocks &+ block] = ByteLanes.load(image + (pixel &* channels &+ block &* Self.lanes))
                }
            }
            accumulate(image: lanes, into: output.baseAddress! + batch * pixels * channels)
        }
    }

    /// Every output pixel of one image (`blocks` vectors a pixel), block of 16 channels by block. (Wrapping index
    /// arithmetic: the offsets are bounded by the scratch image, and overflow checks would sit in the innermost loop.)
    @inline(never)
    private func accumulate(image: UnsafeMutablePointer<Lanes>, into output: UnsafeMutablePointer<Int8>) {
        let p = parameters
        let channels = p.outputDepth
        let blocks = self.blocks
        let rowStride = p.paddedWidth &* blocks
        let (dy, dx) = (p.dilationHeight &* rowStride, p.dilationWidth &* blocks)
        let (strideY, strideX) = (p.strideHeight &* rowStride, p.strideWidth &* blocks)
        filter.withUnsafeBufferPointer { weights in
            for block in 0..<blocks {
                let count = min(Self.lanes, channels &- block &* Self.lanes)
                let blockBias = bias[block]
                let w = weights.baseAddress! + block
                let blockImage = image + block
                var destination = output + block &* Self.lanes
                // The common 3x3 filter: the block's nine weight vectors stay in registers.
                let square = p.filterHeight == 3 && p.filterWidth == 3
                let (w0, w1, w2) = square ? (w[0], w[blocks], w[2 &* blocks]) : (.zero, .zero, .zero)
                let (w3, w4, w5) = square ? (w[3 &* blocks], w[4 &* blocks], w[5 &* blocks]) : (.zero, .zero, .zero)
                let (w6, w7, w8) = square ? (w[6 &* blocks], w[7 &* blocks], w[8 &* blocks]) : (.zero, .zero, .zero)
                @inline(__always) func sum3x3(_ o: UnsafeMutablePointer<Lanes>) -> Lanes {
                    let top = blockBias &+ o[0] &* w0 &+ o[dx] &* w1 &+ o[2 &* dx] &* w2
                    let middle = o[dy] &* w3 &+ o[dy &+ dx] &* w4 &+ o[dy &+ 2 &* dx] &* w5
                    return top &+ middle &+ o[2 &* dy] &* w6 &+ o[2 &* dy &+ dx] &* w7 &+ o[2 &* dy &+ 2 &* dx] &* w8
                }
                @inline(__always) func sum(_ o: UnsafeMutablePointer<Lanes>) -> Lanes {
                    if square { return sum3x3(o) }
                    var (sum, tap) = (blockBias, w)
                    for fy in 0..<p.filterHeight {
                        for fx in 0..<p.filterWidth {
                            sum &+= o[fy &* dy &+ fx &* dx] &* tap.pointee
                            tap += blocks
                        }
                    }
                    return sum
                }
                for outY in 0..<p.outputHeight {
                    var origin = blockImage + outY &* strideY
                    var outX = 0
                    // 3x3: two pixels at a time, independent sums and output stages for the CPU to overlap.
                    while square && outX &+ 2 <= p.outputWidth {
                        let (first, second) = (sum3x3(origin), sum3x3(origin + strideX))
                        stage.store(first, block: block, into: destination, count: count)
                        stage.store(second, block: block, into: destination + channels, count: count)
                        (origin, destination, outX) = (origin + 2 &* strideX, destination + 2 &* channels, outX &+ 2)
                    }
                    while outX < p.outputWidth {
                        stage.store(sum(origin), block: block, into: destination, count: count)
                        (origin, destination, outX) = (origin + strideX, destination + channels, outX &+ 1)
                    }
                }
            }
        }
    }
}
