/// A 3×3 convolution of stride 1 by Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2016): forward, input gradient and weight gradient, no bias.
///
/// Why: im2col makes a convolution one product of `9·Cin` multiplications per output pixel and channel. Winograd
/// computes a 4×4 block of outputs from a 6×6 block of inputs (a tile) with 36 products per channel pair instead of
/// 144, four times fewer: each tile's inputs are transformed (`Bᵀ·d·B`, additions and small multiples), the kernels
/// once per step (`G·g·Gᵀ`), and the 36 element-wise products, summed over input channels, become 36 matrix products
/// batched over the tiles, `[tiles, Cin] · [Cin, Cout]`, through `GEMM`; the outputs come back by `Aᵀ·m·A`. cnn2d's
/// 3×3 convolutions of 32 → 64 and 64 → 128 channels spent half its training time in their im2col products.
/// F(2×2, 3×3) (2.25 times fewer) was measured too: its products took 1.2 CPU-s of cnn2d's 4.5 per 2,048 samples.
///
/// Both backward products are the exact adjoints of that forward computation, so they are the gradients of the values
/// it returns: the output gradient's tiles are transformed by `A·dy·Aᵀ`, the weight gradient is the 36 products
/// `Vᵀ · dM` (`[Cin, tiles] · [tiles, Cout]`) brought back by `Gᵀ·dU·G`, and the input gradient the 36 products
/// `dM · Uᵀ` brought back by `B·dV·Bᵀ` and added into the overlapping 6×6 input blocks.
///
/// Where it does not apply (`init` returns nil, and `Conv2DLayer` keeps im2col): other kernel sizes, strides or
/// dilations, and fewer than `minimumInputChannels` input channels (cnn2d's first layer has one: its products are too
/// thin for the transforms to pay). Padding is TFLite's SAME or VALID; tiles that reach past the input read zeros and
/// the outputs past the output's edge (heights or widths not a multiple of 4) are dropped. Channel counts are rounded
/// up to 16 inside the transformed domain (the padding carries zeros), so every transform works on 16 lanes at a time.
///
/// Rounding differs from im2col's (the transforms scale by up to 8 before and after the products): outputs and
/// gradients agree to 2.3·10⁻⁶ of the sum of the absolute products, which `WinogradConvolutionTests` checks on cnn2d's
/// layers.
///
/// The tiles of a batch are worked in chunks whose transformed inputs and outputs fit in about `chunkBytes` (the L2),
/// and the backward pass transforms the input again chunk by chunk rather than keeping it. Not thread-safe: each
/// data-parallel shard has its own layers.
final class WinogradConvolution {
    /// Input channels from which the transforms pay.
    static let minimumInputChannels = 16
    /// Outputs per tile along each axis, and the inputs they read (`outputs + 2`).
    private static let outputs = 4
    private static let inputs = 6
    /// Entries of a transformed tile: one matrix product each.
    private static let positions = 36

    let inputShape: Shape
    let outputShape: Shape
    /// Input rows (columns) of padding above (left of) the first tile.
    private let padTop: Int
    private let padLeft: Int
    /// Tiles per image along each axis: ⌈output / 2⌉.
    private let tileRows: Int
    private let tileColumns: Int
    /// Input and output channels rounded up to 16: the lanes of the transformed domain.
    private let inLanes: Int
    private let outLanes: Int
    private let tilesPerChunk: Int
    /// `Uᵀ`, the transformed kernels as `positions` matrices `[outLanes, inLanes]` (the input gradient's operand), and
    /// `U`, the same as `[inLanes, outLanes]` (the forward pass's).
    private let transposedKernels = LayerBuffer()
    private let kernels = LayerBuffer()
    /// `V` of a chunk, `positions` matrices `[tiles, inLanes]`; in the backward pass `dV` overwrites it.
    private let inputPlanes = LayerBuffer()
    /// `M` (forward) or `dM` (backward) of a chunk, `positions` matrices `[tiles, outLanes]`.
    private let outputPlanes = LayerBuffer()
    /// `dUᵀ`, the weight gradient in the transformed domain as `positions` matrices `[outLanes, inLanes]`, summed over
    /// all chunks.
    private let kernelGradient = LayerBuffer()
    /// See `scratchRows`.
    private let scratch = LayerBuffer()

    /// The convolution, or nil when the layer's shape is not one it takes (see above).
    init?(input: Shape, filters: Int, rows: WindowAxis, columns: WindowAxis, chunkBytes: Int = 1 << 20) {
        guard rows.kernel == 3, columns.kernel == 3, rows.stride == 1, columns.stride == 1, rows.dilation == 1,
            columns.dilation == 1, input.channels >= Self.minimumInputChannels
        else { return nil }
        inputShape = input
        outputShape = Shape(height: rows.output, width: columns.output, channels: filters)
        padTop = rows.padBefore
        padLeft = columns.padBefore
        tileRows = (rows.output + Self.outputs - 1) / Self.outputs
        tileColumns = (columns.output + Self.outputs - 1) / Self.outputs
        inLanes = (input.channels + 15) / 16 * 16
        outLanes = (filters + 15) / 16 * 16
        let tileBytes = Self.positions * (inLanes + outLanes) * MemoryLayout<Float>.stride
        tilesPerChunk = max(8, chunkBytes / tileBytes / 8 * 8)
    }

    /// `y = x ⊛ weights` for `batch` NHWC images; `weights` are OHWI `[filters][3][3][inChannels]`.
    func forward(
        _ x: UnsafePointer<Float>, weights: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>
    ) {
        let ut = transformKernels(weights)
        let u = kernels.reserve(Self.positions * inLanes * outLanes)
        for position in 0..<Self.positions {
            let (source, target) = (ut + position * outLanes * inLanes, u + position * inLanes * outLanes)
            for filter in 0..<outLanes {
                for channel in 0..<inLanes { target[channel * outLanes + filter] = source[filter * inLanes + channel] }
            }
        }
        forEachChunk(batch: batch) { first, count in
            let v = transformInput(x, first: first, count: count)
            let m = outputPlanes.reserve(Self.positions * count * outLanes)
            for position in 0..<Self.positions {
                GEMM.multiply(
                    v + position * count * inLanes, u + position * inLanes * outLanes,
                    into: m + position * count * outLanes, m: count, n: outLanes, k: inLanes)
            }
            transformOutput(m, first: first, count: count, into: y)
        }
    }

    /// Adds the weight gradient to `weightGradient` (OHWI) and, when `inputGradient` is given, writes the gradient
    /// with respect to `x` there (overwritten). `x` is the forward pass's input.
    func backward(
        _ outputGradient: UnsafePointer<Float>, input x: UnsafePointer<Float>, weights: UnsafePointer<Float>,
        batch: Int, weightGradient: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?
    ) {
        let du = kernelGradient.zeroed(Self.positions * inLanes * outLanes)
        let ut = inputGradient.map { _ in transformKernels(weights) }
        inputGradient?.update(repeating: 0, count: batch * inputShape.count)
        forEachChunk(batch: batch) { first, count in
            let v = transformInput(x, first: first, count: count)
            let dm = transformOutputGradient(outputGradient, first: first, count: count)
            for position in 0..<Self.positions {
                GEMM.multiply(
                    dm + position * count * outLanes, transposeA: true, v + position * count * inLanes,
                    into: du + position * outLanes * inLanes, m: outLanes, n: inLanes, k: count, beta: 1)
            }
            guard let inputGradient, let ut else { return }
            for position in 0..<Self.positions {
                GEMM.multiply(
                    dm + position * count * outLanes, ut + position * outLanes * inLanes,
                    into: v + position * count * inLanes, m: count, n: inLanes, k: outLanes)
            }
            scatterInputGradient(v, first: first, count: count, into: inputGradient)
        }
        addKernelGradient(du, into: weightGradient)
    }

    /// Calls `body(firstTile, tiles)` for consecutive chunks of the batch's tiles (counted over the whole batch).
    private func forEachChunk(batch: Int, _ body: (Int, Int) -> Void) {
        let tiles = batch * tileRows * tileColumns
        for first in stride(from: 0, to: tiles, by: tilesPerChunk) { body(first, min(tilesPerChunk, tiles - first)) }
    }

    /// Image, first output row and first output column of tile `tile`.
    @inline(__always)
    private func origin(_ tile: Int) -> (image: Int, row: Int, column: Int) {
        let perImage = tileRows * tileColumns
        let (image, rest) = tile.quotientAndRemainder(dividingBy: perImage)
        let (row, column) = rest.quotientAndRemainder(dividingBy: tileColumns)
        return (image, Self.outputs * row, Self.outputs * column)
    }

    /// `Uᵀ`: `G·g·Gᵀ` of every (filter, input channel) pair, 16 channels at a time, as `positions` matrices
    /// `[outLanes, inLanes]`, zeros in the padding lanes.
    private func transformKernels(_ weights: UnsafePointer<Float>) -> UnsafePointer<Float> {
        let (channels, filters) = (inputShape.channels, outputShape.channels)
        let ut = transposedKernels.zeroed(Self.positions * outLanes * inLanes)
        let (gathered, _, _) = scratchRows(gathering: channels != inLanes)
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: Self.positions) { s in
            let s = s.baseAddress!
            for filter in 0..<filters {
                var kernel = weights + filter * 9 * channels
                if channels != inLanes {
                    for tap in 0..<9 {
                        (gathered + tap * inLanes).update(from: kernel + tap * channels, count: channels)
                    }
                    kernel = UnsafePointer(gathered)
                }
                let tapStride = channels == inLanes ? channels : inLanes
                for lane in stride(from: 0, to: inLanes, by: 16) {
                    // G·g into the first three columns (the kernel's), then each row's three values to six.
                    for row in 0..<3 {
                        for column in 0..<3 {
                            s[6 * row + column] = Self.load(kernel + (3 * row + column) * tapStride + lane)
                        }
                    }
                    for column in 0..<3 { Self.kernelAxis(s + column, 6) }
                    for row in 0..<6 { Self.kernelAxis(s + 6 * row, 1) }
                    for position in 0..<Self.positions {
                        Self.store(s[position], ut + (position * outLanes + filter) * inLanes + lane)
                    }
                }
            }
        }
        return UnsafePointer(ut)
    }

    /// Adds `Gᵀ·dU·G` of every (filter, input channel) pair to the OHWI weight gradient, from `dUᵀ`.
    private func addKernelGradient(_ du: UnsafePointer<Float>, into gradient: UnsafeMutablePointer<Float>) {
        let (channels, filters) = (inputShape.channels, outputShape.channels)
        let (_, _, out) = scratchRows(gathering: false)
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: Self.positions) { s in
            let s = s.baseAddress!
            for filter in 0..<filters {
                for lane in stride(from: 0, to: inLanes, by: 16) {
                    for position in 0..<Self.positions {
                        s[position] = Self.load(du + (position * outLanes + filter) * inLanes + lane)
                    }
                    for column in 0..<6 { Self.kernelAxisAdjoint(s + column, 6) }
                    for row in 0..<3 {
                        Self.kernelAxisAdjoint(s + 6 * row, 1)
                        for column in 0..<3 {
                            Self.store(s[6 * row + column], out + (3 * row + column) * inLanes + lane)
                        }
                    }
                }
                let kernel = gradient + filter * 9 * channels
                for tap in 0..<9 {
                    let (target, source) = (kernel + tap * channels, out + tap * inLanes)
                    for channel in 0..<channels { target[channel] += source[channel] }
                }
            }
        }
    }

    /// `V = Bᵀ·d·B` of the chunk's tiles: `positions` matrices `[count, inLanes]`.
    private func transformInput(_ x: UnsafePointer<Float>, first: Int, count: Int) -> UnsafeMutablePointer<Float> {
        let v = inputPlanes.reserve(Self.positions * count * inLanes)
        let (gathered, zeros, _) = scratchRows(gathering: inputShape.channels != inLanes)
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: Self.positions) { sources in
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: Self.positions) { s in
                let s = s.baseAddress!
                for tile in 0..<count {
                    let (image, outputRow, outputColumn) = origin(first + tile)
                    Self.pointAt(
                        sources.baseAddress!, side: 6, of: x, shape: inputShape, image: image, top: outputRow - padTop,
                        left: outputColumn - padLeft, lanes: inLanes, gathered: gathered, zeros: zeros)
                    for lane in stride(from: 0, to: inLanes, by: 16) {
                        for position in 0..<Self.positions { s[position] = Self.load(sources[position] + lane) }
                        for column in 0..<6 { Self.inputAxis(s + column, 6) }
                        for row in 0..<6 { Self.inputAxis(s + 6 * row, 1) }
                        Self.storeTile(s, into: v, tile: tile, count: count, lanes: inLanes, lane: lane)
                    }
                }
            }
        }
        return v
    }

    /// The chunk's outputs `Aᵀ·m·A` from `M`, written to `y` where they lie inside the output.
    private func transformOutput(_ m: UnsafePointer<Float>, first: Int, count: Int, into y: UnsafeMutablePointer<Float>)
    {
        let (height, width, filters) = (outputShape.height, outputShape.width, outputShape.channels)
        let (_, _, out) = scratchRows(gathering: false)
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: Self.positions) { s in
            let s = s.baseAddress!
            for tile in 0..<count {
                let (image, outputRow, outputColumn) = origin(first + tile)
                for lane in stride(from: 0, to: outLanes, by: 16) {
                    Self.loadTile(s, from: m, tile: tile, count: count, lanes: outLanes, lane: lane)
                    for column in 0..<6 { Self.outputAxis(s + column, 6) }
                    for row in 0..<4 {
                        Self.outputAxis(s + 6 * row, 1)
                        for column in 0..<4 {
                            Self.store(s[6 * row + column], out + (4 * row + column) * outLanes + lane)
                        }
                    }
                }
                for row in 0..<4 where outputRow + row < height {
                    for column in 0..<4 where outputColumn + column < width {
                        let pixel = (image * height + outputRow + row) * width + outputColumn + column
                        (y + pixel * filters).update(from: out + (4 * row + column) * outLanes, count: filters)
                    }
                }
            }
        }
    }

    /// `dM = A·dy·Aᵀ` of the chunk's tiles: `positions` matrices `[count, outLanes]`; outputs past the edge count as
    /// zero.
    private func transformOutputGradient(_ dy: UnsafePointer<Float>, first: Int, count: Int) -> UnsafePointer<Float> {
        let dm = outputPlanes.reserve(Self.positions * count * outLanes)
        let (gathered, zeros, _) = scratchRows(gathering: outputShape.channels != outLanes)
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 16) { sources in
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: Self.positions) { s in
                let s = s.baseAddress!
                for tile in 0..<count {
                    let (image, outputRow, outputColumn) = origin(first + tile)
                    Self.pointAt(
                        sources.baseAddress!, side: 4, of: dy, shape: outputShape, image: image, top: outputRow,
                        left: outputColumn, lanes: outLanes, gathered: gathered, zeros: zeros)
                    for lane in stride(from: 0, to: outLanes, by: 16) {
                        for position in 0..<16 {
                            s[6 * (position / 4) + position % 4] = Self.load(sources[position] + lane)
                        }
                        for column in 0..<4 { Self.outputAxisAdjoint(s + column, 6) }
                        for row in 0..<6 { Self.outputAxisAdjoint(s + 6 * row, 1) }
                        Self.storeTile(s, into: dm, tile: tile, count: count, lanes: outLanes, lane: lane)
                    }
                }
            }
        }
        return UnsafePointer(dm)
    }

    /// Adds `B·dV·Bᵀ` of the chunk's tiles to the input gradient at the input positions each tile read.
    private func scatterInputGradient(
        _ dv: UnsafePointer<Float>, first: Int, count: Int, into dx: UnsafeMutablePointer<Float>
    ) {
        let (height, width, channels) = (inputShape.height, inputShape.width, inputShape.channels)
        let (_, _, out) = scratchRows(gathering: false)
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: Self.positions) { s in
            let s = s.baseAddress!
            for tile in 0..<count {
                let (image, outputRow, outputColumn) = origin(first + tile)
                for lane in stride(from: 0, to: inLanes, by: 16) {
                    Self.loadTile(s, from: dv, tile: tile, count: count, lanes: inLanes, lane: lane)
                    for column in 0..<6 { Self.inputAxisAdjoint(s + column, 6) }
                    for row in 0..<6 { Self.inputAxisAdjoint(s + 6 * row, 1) }
                    for position in 0..<Self.positions { Self.store(s[position], out + position * inLanes + lane) }
                }
                for position in 0..<Self.positions {
                    let row = outputRow - padTop + position / 6
                    let column = outputColumn - padLeft + position % 6
                    guard row >= 0, row < height, column >= 0, column < width else { continue }
                    let target = dx + ((image * height + row) * width + column) * channels
                    let source = out + position * inLanes
                    for channel in 0..<channels { target[channel] += source[channel] }
                }
            }
        }
    }

    /// Points `sources` at the `side × side` pixels of image `image` of an NHWC `tensor` from (`top`, `left`) on, row by
    /// row: at the pixel itself when its channels fill the lanes, else at its channels copied into a gathered row, and
    /// at `zeros` outside the tensor.
    @inline(__always)
    private static func pointAt(
        _ sources: UnsafeMutablePointer<UnsafePointer<Float>>, side: Int, of tensor: UnsafePointer<Float>,
        shape: Shape, image: Int, top: Int, left: Int, lanes: Int, gathered: UnsafeMutablePointer<Float>,
        zeros: UnsafePointer<Float>
    ) {
        let (height, width, channels) = (shape.height, shape.width, shape.channels)
        for position in 0..<(side * side) {
            let (row, column) = (top + position / side, left + position % side)
            guard row >= 0, row < height, column >= 0, column < width else {
                sources[position] = zeros
                continue
            }
            let pixel = tensor + ((image * height + row) * width + column) * channels
            if channels == lanes {
                sources[position] = pixel
            } else {
                (gathered + position * lanes).update(from: pixel, count: channels)
                sources[position] = UnsafePointer(gathered + position * lanes)
            }
        }
    }

    /// The scratch rows, each `max(inLanes, outLanes)` long: `positions` gathered rows, a row of zeros, and a tile of
    /// `positions` rows. With `gathering` (channels to be copied in and padded), the gathered rows are all zero; only
    /// layers whose channels are not a multiple of 16 gather, so the others clear no more than the one row.
    private func scratchRows(gathering: Bool) -> (
        gathered: UnsafeMutablePointer<Float>, zeros: UnsafePointer<Float>, tile: UnsafeMutablePointer<Float>
    ) {
        let lanes = max(inLanes, outLanes)
        let rows = scratch.reserve((2 * Self.positions + 1) * lanes)
        let cleared = gathering ? 0 : Self.positions
        (rows + cleared * lanes).update(repeating: 0, count: (Self.positions + 1 - cleared) * lanes)
        return (rows, UnsafePointer(rows + Self.positions * lanes), rows + (Self.positions + 1) * lanes)
    }

    /// Loads 16 lanes from `lane` on of a tile's entries in `positions` matrices `[count, lanes]`.
    @inline(__always)
    private static func loadTile(
        _ s: UnsafeMutablePointer<SIMD16<Float>>, from planes: UnsafePointer<Float>, tile: Int, count: Int, lanes: Int,
        lane: Int
    ) {
        for position in 0..<positions { s[position] = load(planes + (position * count + tile) * lanes + lane) }
    }

    /// Stores 16 lanes from `lane` on of a tile's entries in `positions` matrices `[count, lanes]`.
    @inline(__always)
    private static func storeTile(
        _ s: UnsafeMutablePointer<SIMD16<Float>>, into planes: UnsafeMutablePointer<Float>, tile: Int, count: Int,
        lanes: Int, lane: Int
    ) {
        for position in 0..<positions { store(s[position], planes + (position * count + tile) * lanes + lane) }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    private static func store(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD16<Float>.self)
    }

    // The one-dimensional transforms, in place on entries `s[0]`, `s[step]`, `s[2·step]`, …; a tile's two-dimensional
    // transform applies one along its columns (step 6), then along its rows (step 1). Lavin and Gray's matrices for
    // F(4, 3): `Bᵀ` rows (4, 0, −5, 0, 1, 0), (0, −4, −4, 1, 1, 0), (0, 4, −4, −1, 1, 0), (0, −2, −1, 2, 1, 0),
    // (0, 2, −1, −2, 1, 0), (0, 4, 0, −5, 0, 1); `G` rows (¼, 0, 0), (−⅙, −⅙, −⅙), (−⅙, ⅙, −⅙), (1⁄24, 1⁄12, ⅙),
    // (1⁄24, −1⁄12, ⅙), (0, 0, 1); `Aᵀ` rows (1, 1, 1, 1, 1, 0), (0, 1, −1, 2, −2, 0), (0, 1, 1, 4, 4, 0),
    // (0, 1, −1, 8, −8, 1). The adjoints apply the transposed matrices.

    /// `Bᵀ·x` of six entries.
    @inline(__always)
    private static func inputAxis(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ step: Int) {
        let (x0, x1, x2, x3, x4, x5) = (s[0], s[step], s[2 * step], s[3 * step], s[4 * step], s[5 * step])
        let (a, b) = (x4 - 4 * x2, x3 - 4 * x1)
        let (c, d) = (x4 - x2, 2 * (x3 - x1))
        s[0] = 4 * x0 - 5 * x2 + x4
        s[step] = a + b
        s[2 * step] = a - b
        s[3 * step] = c + d
        s[4 * step] = c - d
        s[5 * step] = 4 * x1 - 5 * x3 + x5
    }

    /// `B·x` of six entries.
    @inline(__always)
    private static func inputAxisAdjoint(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ step: Int) {
        let (x0, x1, x2, x3, x4, x5) = (s[0], s[step], s[2 * step], s[3 * step], s[4 * step], s[5 * step])
        s[0] = 4 * x0
        s[step] = 4 * (x2 - x1 + x5) + 2 * (x4 - x3)
        s[2 * step] = -5 * x0 - 4 * (x1 + x2) - x3 - x4
        s[3 * step] = x1 - x2 + 2 * (x3 - x4) - 5 * x5
        s[4 * step] = x0 + x1 + x2 + x3 + x4
        s[5 * step] = x5
    }

    /// `Aᵀ·x` of six entries into the first four.
    @inline(__always)
    private static func outputAxis(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ step: Int) {
        let (x0, x1, x2, x3, x4, x5) = (s[0], s[step], s[2 * step], s[3 * step], s[4 * step], s[5 * step])
        let (sum, difference) = (x1 + x2, x1 - x2)
        let (sum2, difference2) = (x3 + x4, x3 - x4)
        s[0] = x0 + sum + sum2
        s[step] = difference + 2 * difference2
        s[2 * step] = sum + 4 * sum2
        s[3 * step] = difference + 8 * difference2 + x5
    }

    /// `A·x` of the first four entries into six.
    @inline(__always)
    private static func outputAxisAdjoint(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ step: Int) {
        let (x0, x1, x2, x3) = (s[0], s[step], s[2 * step], s[3 * step])
        let (even, odd) = (x0 + x2, x1 + x3)
        let (even4, odd2) = (x0 + 4 * x2, 2 * x1 + 8 * x3)
        s[0] = x0
        s[step] = even + odd
        s[2 * step] = even - odd
        s[3 * step] = even4 + odd2
        s[4 * step] = even4 - odd2
        s[5 * step] = x3
    }

    /// `G·g` of three entries into six.
    @inline(__always)
    private static func kernelAxis(_ t: UnsafeMutablePointer<SIMD16<Float>>, _ step: Int) {
        let (a, b, c) = (t[0], t[step], t[2 * step])
        let (outer, outer24) = (a + c, a / 24 + c / 6)
        t[0] = a / 4
        t[step] = -(outer + b) / 6
        t[2 * step] = -(outer - b) / 6
        t[3 * step] = outer24 + b / 12
        t[4 * step] = outer24 - b / 12
        t[5 * step] = c
    }

    /// `Gᵀ·x` of six entries into the first three.
    @inline(__always)
    private static func kernelAxisAdjoint(_ t: UnsafeMutablePointer<SIMD16<Float>>, _ step: Int) {
        let (x0, x1, x2, x3, x4, x5) = (t[0], t[step], t[2 * step], t[3 * step], t[4 * step], t[5 * step])
        let (sum, difference) = (x1 + x2, x2 - x1)
        let (sum34, difference34) = (x3 + x4, x3 - x4)
        t[0] = x0 / 4 - sum / 6 + sum34 / 24
        t[step] = difference / 6 + difference34 / 12
        t[2 * step] = (sum34 - sum) / 6 + x5
    }
}
