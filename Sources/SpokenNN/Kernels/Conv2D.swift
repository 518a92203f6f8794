/// CONV_2D with int8 activations, per-channel int8 weights and int32 bias, bit-exact with TFLM's
/// `reference_integer_ops::ConvPerChannel`.
///
/// TFLM accumulates `filter * (input + inputOffset)` over the taps inside the image in int32, adds the bias,
/// requantizes per channel and clamps. Here, at load, the weights are repacked for a SIMD micro-kernel
/// (`PackedFilter`) and the bias absorbs `inputOffset * sum(filter row)`; at evaluation the image is widened to
/// int16 and padded with the input zero point (so a padded tap adds exactly what TFLM's skipped tap adds: nothing).
/// `PackedFilter.tile` windows at a time are multiplied by the filter, each read in place as `filterHeight` runs of
/// the image (each filter row padded to an even number of values with zero weights, so runs are whole int16 pairs;
/// dilated windows are gathered into a patch first), and each accumulator is `bias' + dot(window, row)`. Int32
/// addition is exact modulo 2^32 in any order, so the result is the same integer TFLM computes.
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

    /// The values of one filter row: `filterWidth * inputDepth` rounded up to even, so that the micro-kernel reads a
    /// window row in place as whole int16 pairs (the value past an odd row meets a zero weight).
    private static func paddedRowValues(_ p: ConvolutionParameters) -> Int { (p.filterWidth * p.inputDepth + 1) & ~1 }

    /// Whether windows are read in place: their rows are contiguous in the image unless the filter is dilated across.
    private var readsInPlace: Bool { parameters.dilationWidth == 1 }

    /// Values of slack after the image and after each patch: reads run up to one value past a window row, and
    /// dilated windows are gathered 16 values at a time (up to 15 past each tap) instead of by a `memmove` call each.
    private static let slack = 16

    private var patchStride: Int { filter.paddedDepth + Self.slack }

    /// Scratch bytes `run` needs: the table of `PackedFilter.tile` window pointers, the padded int16 image and, when
    /// windows are gathered, one patch per window.
    public var scratchByteCount: Int {
        let tile = PackedFilter.tile
        return tile * MemoryLayout<UnsafePointer<Int16>>.stride + 2 * (parameters.paddedImageValues + Self.slack)
            + (readsInPlace ? 0 : 2 * tile * patchStride)
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
            to: Int16.self, capacity: p.paddedImageValues + Self.slack + (readsInPlace ? 0 : tile * patchStride))
        let patches = padded + p.paddedImageValues + Self.slack
        let pixels = p.outputHeight * p.outputWidth
        let depth = p.inputDepth
        let rowStride = p.paddedWidth * depth
        let paddedRow = Self.paddedRowValues(p)
        let inPlace = readsInPlace
        let layout =
            inPlace
            ? PackedFilter.InputRows(
                rows: p.filterHeight, pairsPerRow: paddedRow / 2, rowStride: p.dilationHeight * rowStride)
            : filter.contiguous
        let slack = Self.slack

        /// The window of output pixel (`outY`, `outX`): in the image, or gathered into `patch` when dilated across.
        func window(_ outY: Int, _ outX: Int, _ image: UnsafePointer<Int16>, _ patch: UnsafeMutablePointer<Int16>)
            -> UnsafePointer<Int16>
        {
            let offset: Int = outY &* p.strideHeight &* rowStride &+ outX &* p.strideWidth &* depth
            let origin = image + offset
            if inPlace { return origin }
            // Values copied past a tap land where the next tap goes, on a row's even-length pad or in the slack; pads
            // meet zero weights. The read past the image's last row stays in the image's slack.
            for fy in 0..<p.filterHeight {
                let row = origin + fy * p.dilationHeight * rowStride
                let destination = patch + fy * paddedRow
                for fx in 0..<p.filterWidth {
                    let (source, tap) = (row + fx * p.dilationWidth * depth, destination + fx * depth)
                    for i in stride(from: 0, to: depth, by: slack) {
                        UnsafeMutableRawPointer(tap + i).storeBytes(
                            of: UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Int16>.self),
                            as: SIMD16<Int16>.self)
                    }
                }
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
                filter.apply(
                    windows, layout, count: count, into: out + first * p.outputDepth, outputStride: p.outputDepth)
            }
        }
    }
}
