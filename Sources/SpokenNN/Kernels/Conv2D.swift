/// CONV_2D with int8 activations, per-channel int8 weights and int32 bias, bit-exact with TFLM's
/// `reference_integer_ops::ConvPerChannel`.
///
/// TFLM accumulates `filter * (input + inputOffset)` over the taps inside the image in int32, adds the bias,
/// requantizes per channel and clamps. Here, at load, the weights are repacked for a SIMD micro-kernel
/// (`PackedFilter`) and the bias absorbs `inputOffset * sum(filter row)`; at evaluation the image is widened to
/// int16 and padded with the input zero point (so a padded tap adds exactly what TFLM's skipped tap adds: nothing),
/// windows are gathered `PackedFilter.tile` at a time into contiguous patches (each filter row padded to an even
/// number of values, with zero weights), and each accumulator is `bias' + dot(patch, row)`. Int32 addition is exact modulo 2^32 in any order, so the result is the same integer
/// TFLM computes.
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
        let rowValues = p.filterWidth * p.inputDepth
        let paddedRow = Self.paddedRowValues(p)
        var rows = [Int8](repeating: 0, count: p.outputDepth * p.filterHeight * paddedRow)
        for channel in 0..<p.outputDepth {
            for fy in 0..<p.filterHeight {
                for k in 0..<rowValues {
                    rows[(channel * p.filterHeight + fy) * paddedRow + k] = filter[channel * patch + fy * rowValues + k]
                }
            }
        }
        self.filter = rows.withUnsafeBufferPointer {
            PackedFilter(
                filter: $0, rows: p.outputDepth, depth: p.filterHeight * paddedRow, bias: folded,
                stage: OutputStage(p.multipliers, zeroPoint: p.outputZeroPoint, activation: p.activation))
        }
    }

    /// The values of one filter row in a patch: `filterWidth * inputDepth` rounded up to even. So no int16 pair the
    /// micro-kernel loads spans two rows' copies, whose overlapping stores the CPU could not forward to the load.
    private static func paddedRowValues(_ p: ConvolutionParameters) -> Int { (p.filterWidth * p.inputDepth + 1) & ~1 }

    /// Whether 1x1 windows can be read straight from the widened image (their depth needs no padding).
    private var readsInPlace: Bool {
        parameters.filterHeight == 1 && parameters.filterWidth == 1 && parameters.inputDepth % 2 == 0
    }

    /// Values of slack after the image and after each patch, so that window rows are copied 16 values at a time
    /// (reading and writing up to 15 past their end) instead of by a `memmove` call each.
    private static let slack = 16

    private var patchStride: Int { filter.paddedDepth + Self.slack }

    /// Scratch bytes `run` needs: the table of `PackedFilter.tile` window pointers, the padded int16 image and one
    /// patch per window.
    public var scratchByteCount: Int {
        let tile = PackedFilter.tile
        return tile * MemoryLayout<UnsafePointer<Int16>>.stride + 2 * (parameters.paddedImageValues + Self.slack)
            + 2 * tile * patchStride
    }

    /// Runs the convolution over all batches. `input` and `output` are NHWC; `scratch` has `scratchByteCount` bytes.
    public func run(
        input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let p = parameters
        precondition(input.count >= p.inputCount && output.count >= p.outputCount, "CONV_2D buffer sizes")
        precondition(scratch.count >= scratchByteCount, "CONV_2D scratch size")
        let tile = PackedFilter.tile
        let windows = scratch.baseAddress!.bindMemory(to: UnsafePointer<Int16>.self, capacity: tile)
        let padded = (scratch.baseAddress! + tile * MemoryLayout<UnsafePointer<Int16>>.stride).bindMemory(
            to: Int16.self, capacity: p.paddedImageValues + Self.slack + tile * patchStride)
        let patches = padded + p.paddedImageValues + Self.slack
        let pixels = p.outputHeight * p.outputWidth
        let depth = p.inputDepth
        let rowStride = p.paddedWidth * depth
        let rowValues = p.filterWidth * depth
        let paddedRow = Self.paddedRowValues(p)
        let inPlace = readsInPlace
        let slack = Self.slack

        /// The window of output pixel (`outY`, `outX`): in the image, or gathered into `patch`.
        func window(_ outY: Int, _ outX: Int, _ image: UnsafePointer<Int16>, _ patch: UnsafeMutablePointer<Int16>)
            -> UnsafePointer<Int16>
        {
            let offset: Int = outY &* p.strideHeight &* rowStride &+ outX &* p.strideWidth &* depth
            let origin = image + offset
            if inPlace { return origin }
            var destination = patch
            // Values copied past a row land on its even-length pad and where the next row goes, or in the slack;
            // pads meet zero weights. The read past the image's last row stays in the image's slack.
            @inline(__always) func copy(_ source: UnsafePointer<Int16>, _ count: Int) {
                var i = 0
                while i < count {
                    UnsafeMutableRawPointer(destination + i).storeBytes(
                        of: UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Int16>.self), as: SIMD16<Int16>.self)
                    i &+= slack
                }
                destination += count
            }
            for fy in 0..<p.filterHeight {
                let row = origin + fy * p.dilationHeight * rowStride
                let rowStart = destination
                if p.dilationWidth == 1 {
                    copy(row, rowValues)
                } else {
                    for fx in 0..<p.filterWidth { copy(row + fx * p.dilationWidth * depth, depth) }
                }
                destination = rowStart + paddedRow
            }
            return UnsafePointer(patch)
        }

        for batch in 0..<p.batches {
            p.widenPadded(input.baseAddress!, batch: batch, into: padded)
            let image = UnsafePointer(padded)
            let out = output.baseAddress! + batch * pixels * p.outputDepth
            var (outY, outX) = (0, 0)
            for first in stride(from: 0, to: pixels, by: tile) {
                let count = min(tile, pixels - first)
                for t in 0..<count {
                    windows[t] = window(outY, outX, image, patches + t * patchStride)
                    (outY, outX) = outX + 1 == p.outputWidth ? (outY + 1, 0) : (outY, outX + 1)
                }
                // Windows past the last pixel repeat the first one; their outputs are not stored.
                for t in count..<tile { windows[t] = windows[0] }
                filter.apply(windows, count: count, into: out + first * p.outputDepth, outputStride: p.outputDepth)
            }
        }
    }
}
