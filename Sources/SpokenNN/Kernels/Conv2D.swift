/// CONV_2D with int8 activations, per-channel int8 weights and int32 bias, bit-exact with TFLM's
/// `reference_integer_ops::ConvPerChannel`.
///
/// TFLM accumulates `filter * (input + inputOffset)` over the taps inside the image in int32, adds the bias,
/// requantizes per channel and clamps. Here, at load, the weights are repacked for a SIMD micro-kernel
/// (`PackedFilter`) and the bias absorbs `inputOffset * sum(filter row)`; at evaluation the image is widened to
/// int16 and padded with the input zero point (so a padded tap adds exactly what TFLM's skipped tap adds: nothing),
/// windows are gathered two at a time into contiguous patches, and each accumulator is `bias' + dot(patch, row)`. Int32 addition is exact modulo 2^32 in any order, so
/// the result is the same integer TFLM computes.
public struct Conv2D: Sendable {
    public let parameters: ConvolutionParameters
    private let filter: PackedFilter

    /// Prepares the kernel: `filter` is OHWI (`[outputDepth, filterHeight, filterWidth, inputDepth]`), `bias` has
    /// `outputDepth` values or is `nil`.
    public init(parameters: ConvolutionParameters, filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>?)
    {
        let p = parameters
        let patch = p.filterHeight * p.filterWidth * p.inputDepth
        precondition(filter.count == p.outputDepth * patch, "CONV_2D filter size")
        precondition(bias == nil || bias!.count == p.outputDepth, "CONV_2D bias size")
        self.parameters = p
        let inputOffset = -p.inputZeroPoint
        let folded = (0..<p.outputDepth).map { channel in
            var sum: Int32 = 0
            for k in 0..<patch { sum &+= Int32(filter[channel * patch + k]) }
            return (bias?[channel] ?? 0) &+ inputOffset &* sum
        }
        self.filter = PackedFilter(filter: filter, rows: p.outputDepth, depth: patch, bias: folded)
    }

    /// Whether 1x1 windows can be read straight from the widened image (their depth needs no padding).
    private var readsInPlace: Bool {
        parameters.filterHeight == 1 && parameters.filterWidth == 1 && parameters.inputDepth % 2 == 0
    }

    /// Scratch bytes `run` needs: the padded int16 image, two int16 patches and the int32 sums of every output
    /// pixel (plus one row of slack for the odd pixel's partner).
    public var scratchByteCount: Int {
        let pixels = parameters.outputHeight * parameters.outputWidth + 1
        return parameters.paddedImageBytes + 2 * (2 * filter.paddedDepth + 3 * Self.slack) + pixels * 4 * filter.blocks
            * PackedFilter.blockRows + 32
    }

    /// Values of slack after the image and after each patch, so rows of up to 8 values are copied as one 8-lane
    /// vector (reading and writing a little past their end) instead of a `memmove` call per row.
    private static let slack = 8

    /// Runs the convolution over all batches. `input` and `output` are NHWC; `scratch` has `scratchByteCount` bytes.
    public func run(
        input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let p = parameters
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "CONV_2D buffer sizes")
        precondition(scratch.count >= scratchByteCount, "CONV_2D scratch size")
        let imageValues = p.paddedImageBytes / 2
        let patchValues = filter.paddedDepth
        let slack = Self.slack
        let padded = scratch.baseAddress!.bindMemory(
            to: Int16.self, capacity: imageValues + 2 * patchValues + 3 * slack)
        let patches = (padded + imageValues + slack, padded + imageValues + patchValues + 2 * slack)
        let sumsOffset = ((imageValues + 2 * patchValues + 3 * slack) * 2 + 15) & ~15
        let sumsCount = filter.blocks * PackedFilter.blockRows
        let pixels = p.outputHeight * p.outputWidth
        let sums = (scratch.baseAddress! + sumsOffset).bindMemory(to: Int32.self, capacity: (pixels + 1) * sumsCount)
        // The odd depth's padding value stays 0 across windows.
        patches.0[patchValues - 1] = 0
        patches.1[patchValues - 1] = 0
        let depth = p.inputDepth
        let rowStride = p.paddedWidth * depth
        let rowValues = p.filterWidth * depth
        let inPlace = readsInPlace

        func window(_ pixel: Int, _ image: UnsafePointer<Int16>, _ patch: UnsafeMutablePointer<Int16>)
            -> UnsafePointer<Int16>
        {
            let inY = (pixel / p.outputWidth) * p.strideHeight
            let inX = (pixel % p.outputWidth) * p.strideWidth
            let origin = image + inY * rowStride + inX * depth
            if inPlace { return origin }
            var destination = patch
            for fy in 0..<p.filterHeight {
                let row = origin + fy * p.dilationHeight * rowStride
                if p.dilationWidth == 1 {
                    if rowValues <= slack {
                        // Values past the row land beyond the patch or on its odd-depth pad, which meets zero
                        // weights; the read past the image's last row stays inside the slack.
                        UnsafeMutableRawPointer(destination).storeBytes(
                            of: UnsafeRawPointer(row).loadUnaligned(as: SIMD8<Int16>.self), as: SIMD8<Int16>.self)
                    } else {
                        destination.update(from: row, count: rowValues)
                    }
                    destination += rowValues
                } else {
                    for fx in 0..<p.filterWidth {
                        destination.update(from: row + fx * p.dilationWidth * depth, count: depth)
                        destination += depth
                    }
                }
            }
            return UnsafePointer(patch)
        }

        p.multipliers.multipliers.withUnsafeBufferPointer { multipliers in
            p.multipliers.shifts.withUnsafeBufferPointer { shifts in
                for batch in 0..<p.batches {
                    p.widenPadded(input.baseAddress!, batch: batch, into: padded)
                    let image = UnsafePointer(padded)
                    var pixel = 0
                    while pixel + 2 <= pixels {
                        filter.multiply(
                            window(pixel, image, patches.0), window(pixel + 1, image, patches.1),
                            into: sums + pixel * sumsCount, sums + (pixel + 1) * sumsCount)
                        pixel += 2
                    }
                    if pixel < pixels {
                        filter.multiply(
                            window(pixel, image, patches.0), nil, into: sums + pixel * sumsCount,
                            sums + (pixel + 1) * sumsCount)
                    }
                    // Channel by channel: the multiplier and shift stay fixed over the run of pixels, so four
                    // pixels requantize as one vector; per-lane shifts across channels would not (SSE2 has none).
                    let out = output.baseAddress! + batch * pixels * p.outputDepth
                    let depth = p.outputDepth
                    for c in 0..<depth {
                        ChannelRequantizer(
                            multiplier: multipliers[c], shift: shifts[c], zeroPoint: p.outputZeroPoint,
                            activation: p.activation
                        ).run(sums + c, stride: sumsCount, into: out + c, stride: depth, count: pixels)
                    }
                }
            }
        }
    }
}
