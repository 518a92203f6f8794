/// DEPTHWISE_CONV_2D with int8 activations, per-channel int8 weights and int32 bias, any depth multiplier,
/// bit-exact with TFLM's `reference_integer_ops::DepthwiseConvPerChannel`.
///
/// Output channel `c = inputChannel * depthMultiplier + m` sums `filter[fy][fx][c] * (input[..][inputChannel] +
/// inputOffset)` over the taps inside the image. As in `Conv2D`, the image is padded with the input zero point and
/// the bias absorbs `inputOffset * sum(filter[.][.][c])`. The accumulation runs over blocks of 8 channels (contiguous
/// in NHWC) with the block's weights for every tap held in vector registers, one pixel after another.
public struct DepthwiseConv2D: Sendable {
    public let parameters: ConvolutionParameters
    /// `[filterHeight * filterWidth][paddedChannels]` widened to int16, channels padded with zero weights.
    private let filter: [Int16]
    private let bias: [Int32]

    static let lanes = 8

    public init(parameters: ConvolutionParameters, filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>?)
    {
        let p = parameters
        precondition(p.outputDepth == p.inputDepth * p.depthMultiplier, "DEPTHWISE_CONV_2D depth multiplier")
        precondition(filter.count == p.filterHeight * p.filterWidth * p.outputDepth, "DEPTHWISE_CONV_2D filter size")
        precondition(bias == nil || bias!.count == p.outputDepth, "DEPTHWISE_CONV_2D bias size")
        self.parameters = p
        let taps = p.filterHeight * p.filterWidth
        let padded = (p.outputDepth + Self.lanes - 1) / Self.lanes * Self.lanes
        var widened = [Int16](repeating: 0, count: taps * padded)
        for tap in 0..<taps {
            for c in 0..<p.outputDepth { widened[tap * padded + c] = Int16(filter[tap * p.outputDepth + c]) }
        }
        self.filter = widened
        let inputOffset = -p.inputZeroPoint
        self.bias =
            (0..<p.outputDepth).map { channel in
                var sum: Int32 = 0
                for tap in 0..<taps { sum &+= Int32(filter[tap * p.outputDepth + channel]) }
                return (bias?[channel] ?? 0) &+ inputOffset &* sum
            } + [Int32](repeating: 0, count: padded - p.outputDepth)
    }

    private var paddedChannels: Int { bias.count }

    private var spreadValues: Int {
        let p = parameters
        return p.depthMultiplier > 1 ? p.paddedHeight * p.paddedWidth * p.outputDepth : 0
    }

    /// Scratch bytes `run` needs: the padded int16 image (plus one vector of slack: the last channel block may read
    /// past the last pixel, into values multiplied by zero weights), the image spread to output channels when the
    /// depth multiplier is above 1, and the int32 sums of every output pixel.
    public var scratchByteCount: Int {
        let p = parameters
        let images = (p.paddedImageBytes / 2 + spreadValues + Self.lanes) * 2
        return (images + 15) & ~15 + 4 * p.outputHeight * p.outputWidth * paddedChannels + 16
    }

    public func run(
        input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let p = parameters
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "DEPTHWISE_CONV_2D buffer sizes")
        precondition(scratch.count >= scratchByteCount, "DEPTHWISE_CONV_2D scratch size")
        let base = scratch.baseAddress!
        let imageValues = p.paddedImageBytes / 2
        let images = imageValues + spreadValues + Self.lanes
        let padded = base.bindMemory(to: Int16.self, capacity: images)
        (padded + imageValues + spreadValues).update(repeating: 0, count: Self.lanes)
        let spread = padded + imageValues
        let pixels = p.outputHeight * p.outputWidth
        let stride = paddedChannels
        let sums = (base + ((images * 2 + 15) & ~15)).bindMemory(to: Int32.self, capacity: pixels * stride)
        let channels = p.outputDepth
        let taps = p.filterHeight * p.filterWidth
        filter.withUnsafeBufferPointer { filterBuffer in
            bias.withUnsafeBufferPointer { biasBuffer in
                p.multipliers.multipliers.withUnsafeBufferPointer { multipliers in
                    p.multipliers.shifts.withUnsafeBufferPointer { shifts in
                        let weights = UnsafeRawPointer(filterBuffer.baseAddress!)
                        for batch in 0..<p.batches {
                            p.widenPadded(input.baseAddress!, batch: batch, into: padded)
                            var image = UnsafePointer(padded)
                            if p.depthMultiplier > 1 {
                                // Repeat each input channel depthMultiplier times so taps index output channels.
                                for pixel in 0..<(p.paddedHeight * p.paddedWidth) {
                                    let source = image + pixel * p.inputDepth
                                    let destination = spread + pixel * channels
                                    for c in 0..<channels { destination[c] = source[c / p.depthMultiplier] }
                                }
                                image = UnsafePointer(spread)
                            }
                            let rowStride = p.paddedWidth * channels
                            for block in Swift.stride(from: 0, to: channels, by: Self.lanes) {
                                let blockBias = UnsafeRawPointer(biasBuffer.baseAddress! + block)
                                    .loadUnaligned(as: SIMD8<Int32>.self)
                                Self.accumulate(
                                    p, image: image, rowStride: rowStride, block: block, bias: blockBias,
                                    weights: weights, weightStride: stride, sums: sums)
                            }
                            // Sums are channel-major: each channel's multiplier and shift stay fixed over a run of
                            // pixels, so four contiguous pixels requantize as one vector; per-lane shifts across
                            // channels would not (SSE2 has none).
                            let out = output.baseAddress! + batch * pixels * channels
                            for c in 0..<channels {
                                ChannelRequantizer(
                                    multiplier: multipliers[c], shift: shifts[c], zeroPoint: p.outputZeroPoint,
                                    activation: p.activation
                                ).run(sums + c * pixels, stride: 1, into: out + c, stride: channels, count: pixels)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sums of one block of 8 channels for every output pixel, into the channel-major `sums`.
    ///
    /// Products of int8 values fit int16 exactly, so each tap is one 8-lane int16 multiply; the products are then
    /// sign-extended in place (even lanes by shifting left and back, odd lanes by shifting right) and added to
    /// int32 sums, with no generic SIMD conversions.
    @inline(never)
    static func accumulate(
        _ p: ConvolutionParameters, image: UnsafePointer<Int16>, rowStride: Int, block: Int, bias: SIMD8<Int32>,
        weights: UnsafeRawPointer, weightStride stride: Int, sums: UnsafeMutablePointer<Int32>
    ) {
        let channels = p.outputDepth
        @inline(__always) func weight(_ tap: Int) -> SIMD8<Int16> {
            weights.loadUnaligned(fromByteOffset: 2 * (tap * stride + block), as: SIMD8<Int16>.self)
        }
        @inline(__always) func add(
            _ even: inout SIMD4<Int32>, _ odd: inout SIMD4<Int32>, _ x: SIMD8<Int16>, _ w: SIMD8<Int16>
        ) {
            let products = unsafeBitCast(x &* w, to: SIMD4<Int32>.self)
            even &+= (products &<< 16) &>> 16
            odd &+= products &>> 16
        }
        let biasEven = SIMD4<Int32>(bias[0], bias[2], bias[4], bias[6])
        let biasOdd = SIMD4<Int32>(bias[1], bias[3], bias[5], bias[7])
        let dy = p.dilationHeight * rowStride
        let dx = p.dilationWidth * channels
        let pixels = p.outputHeight * p.outputWidth
        let valid = min(8, channels - block)
        @inline(__always) func store(_ outY: Int, _ outX: Int, _ even: SIMD4<Int32>, _ odd: SIMD4<Int32>) {
            // Channel-major: sums[channel * pixels + pixel]; lanes past the last channel are dropped.
            let destination = sums + block * pixels + outY * p.outputWidth + outX
            for lane in 0..<4 {
                if 2 * lane < valid { destination[2 * lane * pixels] = even[lane] }
                if 2 * lane + 1 < valid { destination[(2 * lane + 1) * pixels] = odd[lane] }
            }
        }
        if p.filterHeight == 3 && p.filterWidth == 3 {
            // The common 3x3 case: the block's nine weight vectors stay in registers.
            let (w0, w1, w2, w3, w4) = (weight(0), weight(1), weight(2), weight(3), weight(4))
            let (w5, w6, w7, w8) = (weight(5), weight(6), weight(7), weight(8))
            for outY in 0..<p.outputHeight {
                for outX in 0..<p.outputWidth {
                    let o = UnsafeRawPointer(
                        image + outY * p.strideHeight * rowStride + outX * p.strideWidth * channels + block)
                    @inline(__always) func x(_ offset: Int) -> SIMD8<Int16> {
                        o.loadUnaligned(fromByteOffset: 2 * offset, as: SIMD8<Int16>.self)
                    }
                    var even = biasEven
                    var odd = biasOdd
                    add(&even, &odd, x(0), w0)
                    add(&even, &odd, x(dx), w1)
                    add(&even, &odd, x(2 * dx), w2)
                    add(&even, &odd, x(dy), w3)
                    add(&even, &odd, x(dy + dx), w4)
                    add(&even, &odd, x(dy + 2 * dx), w5)
                    add(&even, &odd, x(2 * dy), w6)
                    add(&even, &odd, x(2 * dy + dx), w7)
                    add(&even, &odd, x(2 * dy + 2 * dx), w8)
                    store(outY, outX, even, odd)
                }
            }
            return
        }
        for outY in 0..<p.outputHeight {
            for outX in 0..<p.outputWidth {
                var even = biasEven
                var odd = biasOdd
                let origin = image + outY * p.strideHeight * rowStride + outX * p.strideWidth * channels + block
                var tap = 0
                for fy in 0..<p.filterHeight {
                    let row = origin + fy * dy
                    for fx in 0..<p.filterWidth {
                        add(
                            &even, &odd, UnsafeRawPointer(row + fx * dx).loadUnaligned(as: SIMD8<Int16>.self),
                            weight(tap))
                        tap += 1
                    }
                }
                store(outY, outX, even, odd)
            }
        }
    }
}
