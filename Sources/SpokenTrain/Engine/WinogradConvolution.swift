/// A 3×3 convolution of stride 1 by Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2016): forward, input gradient and weight gradient, no bias.
///
/// Why: im2col makes a convolution one product of `9·Cin` multiplications per output pixel and channel. Winograd
/// computes a 2×2 block of outputs from a 4×4 block of inputs (a tile) with 16 products per channel pair instead of
/// 36, 2.25 times fewer: each tile's inputs are transformed (`Bᵀ·d·B`, additions only), the kernels once per step
/// (`G·g·Gᵀ`), and the 16 element-wise products, summed over input channels, become 16 matrix products batched over
/// the tiles, `[tiles, Cin] · [Cin, Cout]`, through `GEMM`; the outputs come back by `Aᵀ·m·A`. cnn2d's 3×3
/// convolutions of 32 → 64 and 64 → 128 channels spent half its training time in their im2col products.
///
/// Both backward products are the exact adjoints of that forward computation, so they are the gradients of the values
/// it returns: the output gradient's tiles are transformed by `A·dy·Aᵀ`, the weight gradient is the 16 products
/// `Vᵀ · dM` (`[Cin, tiles] · [tiles, Cout]`) brought back by `Gᵀ·dU·G`, and the input gradient the 16 products
/// `dM · Uᵀ` brought back by `B·dV·Bᵀ` and added into the overlapping 4×4 input blocks.
///
/// Where it does not apply (`init` returns nil, and `Conv2DLayer` keeps im2col): other kernel sizes, strides or
/// dilations, and fewer than `minimumInputChannels` input channels (cnn2d's first layer has one: its products are too
/// thin for the transforms to pay). Padding is TFLite's SAME or VALID; tiles that reach past the input read zeros and
/// the outputs past the output's edge (odd heights or widths) are dropped. Channel counts are rounded up to 16 inside
/// the transformed domain (the padding carries zeros), so every transform works on 16 lanes at a time.
///
/// Rounding differs from im2col's (the transforms add and halve before multiplying): outputs and gradients agree to 3·10⁻⁷ of
/// the sum of the absolute products, which `WinogradConvolutionTests` checks on cnn2d's layers.
///
/// The tiles of a batch are worked in chunks whose transformed inputs and outputs fit in about `chunkBytes` (the L2),
/// and the backward pass transforms the input again chunk by chunk rather than keeping it. Not thread-safe: each
/// data-parallel shard has its own layers.
final class WinogradConvolution {
    /// Input channels from which the transforms pay.
    static let minimumInputChannels = 16

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
    /// `U`, the transformed kernels: 16 matrices `[inLanes, outLanes]`, or `[outLanes, inLanes]` for the input gradient.
    private let kernels = LayerBuffer()
    /// `V` of a chunk, 16 matrices `[tiles, inLanes]`; in the backward pass `dV` overwrites it.
    private let inputPlanes = LayerBuffer()
    /// `M` (forward) or `dM` (backward) of a chunk, 16 matrices `[tiles, outLanes]`.
    private let outputPlanes = LayerBuffer()
    /// `dU`, the weight gradient in the transformed domain, summed over all chunks.
    private let kernelGradient = LayerBuffer()
    /// Sixteen gathered rows of `max(inLanes, outLanes)` lanes (zeros past the channels), a row of zeros, a tile.
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
        tileRows = (rows.output + 1) / 2
        tileColumns = (columns.output + 1) / 2
        inLanes = (input.channels + 15) / 16 * 16
        outLanes = (filters + 15) / 16 * 16
        let tileBytes = 16 * (inLanes + outLanes) * MemoryLayout<Float>.stride
        tilesPerChunk = max(8, chunkBytes / tileBytes / 8 * 8)
    }

    /// `y = x ⊛ weights` for `batch` NHWC images; `weights` are OHWI `[filters][3][3][inChannels]`.
    func forward(
        _ x: UnsafePointer<Float>, weights: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>
    ) {
        let u = transformKernels(weights, transposed: false)
        forEachChunk(batch: batch) { first, count in
            let v = transformInput(x, first: first, count: count)
            let m = outputPlanes.reserve(16 * count * outLanes)
            for position in 0..<16 {
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
        let du = kernelGradient.zeroed(16 * inLanes * outLanes)
        let ut = inputGradient.map { _ in transformKernels(weights, transposed: true) }
        inputGradient?.update(repeating: 0, count: batch * inputShape.count)
        forEachChunk(batch: batch) { first, count in
            let v = transformInput(x, first: first, count: count)
            let dm = transformOutputGradient(outputGradient, first: first, count: count)
            for position in 0..<16 {
                GEMM.multiply(
                    v + position * count * inLanes, transposeA: true, dm + position * count * outLanes,
                    into: du + position * inLanes * outLanes, m: inLanes, n: outLanes, k: count, beta: 1)
            }
            guard let inputGradient, let ut else { return }
            for position in 0..<16 {
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
        return (image, 2 * row, 2 * column)
    }

    /// `U = G·g·Gᵀ` of every (input channel, filter) pair: 16 matrices `[inLanes, outLanes]`, or `[outLanes, inLanes]`
    /// when `transposed`, zeros in the padding lanes.
    private func transformKernels(_ weights: UnsafePointer<Float>, transposed: Bool) -> UnsafePointer<Float> {
        let (channels, filters) = (inputShape.channels, outputShape.channels)
        let u = kernels.zeroed(16 * inLanes * outLanes)
        let (channelStride, filterStride) = transposed ? (1, inLanes) : (outLanes, 1)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { tile in
            let t = tile.baseAddress!
            for filter in 0..<filters {
                for channel in 0..<channels {
                    let g = weights + filter * 9 * channels + channel
                    // G·g: rows 0…3 of t, columns 0…2 (stride 4).
                    for column in 0..<3 {
                        let (a, b, c) = (g[column * channels], g[(3 + column) * channels], g[(6 + column) * channels])
                        (t[column], t[4 + column], t[8 + column], t[12 + column]) = Self.kernelAxis(a, b, c)
                    }
                    // (G·g)·Gᵀ: each row's three values to four.
                    for row in 0..<4 {
                        (t[4 * row], t[4 * row + 1], t[4 * row + 2], t[4 * row + 3]) = Self.kernelAxis(
                            t[4 * row], t[4 * row + 1], t[4 * row + 2])
                    }
                    let target = u + channel * channelStride + filter * filterStride
                    for position in 0..<16 { target[position * inLanes * outLanes] = t[position] }
                }
            }
        }
        return UnsafePointer(u)
    }

    /// Adds `Gᵀ·dU·G` of every (input channel, filter) pair to the OHWI weight gradient.
    private func addKernelGradient(_ du: UnsafePointer<Float>, into gradient: UnsafeMutablePointer<Float>) {
        let (channels, filters) = (inputShape.channels, outputShape.channels)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { tile in
            let t = tile.baseAddress!
            for filter in 0..<filters {
                for channel in 0..<channels {
                    let source = du + channel * outLanes + filter
                    for position in 0..<16 { t[position] = source[position * inLanes * outLanes] }
                    for column in 0..<4 {
                        (t[column], t[4 + column], t[8 + column]) = Self.kernelAxisAdjoint(
                            t[column], t[4 + column], t[8 + column], t[12 + column])
                    }
                    let g = gradient + filter * 9 * channels + channel
                    for row in 0..<3 {
                        let (a, b, c) = Self.kernelAxisAdjoint(
                            t[4 * row], t[4 * row + 1], t[4 * row + 2], t[4 * row + 3])
                        g[(3 * row) * channels] += a
                        g[(3 * row + 1) * channels] += b
                        g[(3 * row + 2) * channels] += c
                    }
                }
            }
        }
    }

    /// `V = Bᵀ·d·B` of the chunk's tiles: 16 matrices `[count, inLanes]`.
    private func transformInput(_ x: UnsafePointer<Float>, first: Int, count: Int) -> UnsafeMutablePointer<Float> {
        let (height, width, channels) = (inputShape.height, inputShape.width, inputShape.channels)
        let v = inputPlanes.reserve(16 * count * inLanes)
        let (gathered, zeros, _) = scratchRows()
        let direct = channels == inLanes
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 16) { sources in
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 16) { s in
                let s = s.baseAddress!
                for tile in 0..<count {
                    let (image, outputRow, outputColumn) = origin(first + tile)
                    for position in 0..<16 {
                        let row = outputRow - padTop + position / 4
                        let column = outputColumn - padLeft + position % 4
                        guard row >= 0, row < height, column >= 0, column < width else {
                            sources[position] = zeros
                            continue
                        }
                        let pixel = x + ((image * height + row) * width + column) * channels
                        if direct {
                            sources[position] = pixel
                        } else {
                            (gathered + position * inLanes).update(from: pixel, count: channels)
                            sources[position] = UnsafePointer(gathered + position * inLanes)
                        }
                    }
                    for lane in stride(from: 0, to: inLanes, by: 16) {
                        for position in 0..<16 { s[position] = Self.load(sources[position] + lane) }
                        for column in 0..<4 { Self.inputAxis(s, column, 4) }
                        for row in 0..<4 { Self.inputAxis(s, 4 * row, 1) }
                        for position in 0..<16 {
                            Self.store(s[position], v + (position * count + tile) * inLanes + lane)
                        }
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
        let (_, _, out) = scratchRows()
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 16) { s in
            let s = s.baseAddress!
            for tile in 0..<count {
                let (image, outputRow, outputColumn) = origin(first + tile)
                for lane in stride(from: 0, to: outLanes, by: 16) {
                    for position in 0..<16 { s[position] = Self.load(m + (position * count + tile) * outLanes + lane) }
                    for column in 0..<4 { Self.outputAxis(s, column, 4) }
                    for row in 0..<2 { Self.outputAxis(s, 4 * row, 1) }
                    for row in 0..<2 {
                        for column in 0..<2 {
                            Self.store(s[4 * row + column], out + (2 * row + column) * outLanes + lane)
                        }
                    }
                }
                for row in 0..<2 where outputRow + row < height {
                    for column in 0..<2 where outputColumn + column < width {
                        let pixel = (image * height + outputRow + row) * width + outputColumn + column
                        (y + pixel * filters).update(from: out + (2 * row + column) * outLanes, count: filters)
                    }
                }
            }
        }
    }

    /// `dM = A·dy·Aᵀ` of the chunk's tiles: 16 matrices `[count, outLanes]`; outputs past the edge count as zero.
    private func transformOutputGradient(_ dy: UnsafePointer<Float>, first: Int, count: Int) -> UnsafePointer<Float> {
        let (height, width, filters) = (outputShape.height, outputShape.width, outputShape.channels)
        let dm = outputPlanes.reserve(16 * count * outLanes)
        let (gathered, zeros, _) = scratchRows()
        let direct = filters == outLanes
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 4) { sources in
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 16) { s in
                let s = s.baseAddress!
                for tile in 0..<count {
                    let (image, outputRow, outputColumn) = origin(first + tile)
                    for position in 0..<4 {
                        let (row, column) = (outputRow + position / 2, outputColumn + position % 2)
                        guard row < height, column < width else {
                            sources[position] = zeros
                            continue
                        }
                        let pixel = dy + ((image * height + row) * width + column) * filters
                        if direct {
                            sources[position] = pixel
                        } else {
                            (gathered + position * outLanes).update(from: pixel, count: filters)
                            sources[position] = UnsafePointer(gathered + position * outLanes)
                        }
                    }
                    for lane in stride(from: 0, to: outLanes, by: 16) {
                        for position in 0..<4 {
                            s[4 * (position / 2) + position % 2] = Self.load(sources[position] + lane)
                        }
                        for column in 0..<2 { Self.outputAxisAdjoint(s, column, 4) }
                        for row in 0..<4 { Self.outputAxisAdjoint(s, 4 * row, 1) }
                        for position in 0..<16 {
                            Self.store(s[position], dm + (position * count + tile) * outLanes + lane)
                        }
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
        let (_, _, out) = scratchRows()
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 16) { s in
            let s = s.baseAddress!
            for tile in 0..<count {
                let (image, outputRow, outputColumn) = origin(first + tile)
                for lane in stride(from: 0, to: inLanes, by: 16) {
                    for position in 0..<16 { s[position] = Self.load(dv + (position * count + tile) * inLanes + lane) }
                    for column in 0..<4 { Self.inputAxisAdjoint(s, column, 4) }
                    for row in 0..<4 { Self.inputAxisAdjoint(s, 4 * row, 1) }
                    for position in 0..<16 { Self.store(s[position], out + position * inLanes + lane) }
                }
                for position in 0..<16 {
                    let row = outputRow - padTop + position / 4
                    let column = outputColumn - padLeft + position % 4
                    guard row >= 0, row < height, column >= 0, column < width else { continue }
                    let target = dx + ((image * height + row) * width + column) * channels
                    let source = out + position * inLanes
                    for channel in 0..<channels { target[channel] += source[channel] }
                }
            }
        }
    }

    /// The scratch rows: sixteen gathered rows, a row of zeros, and a tile of sixteen rows, each `max(inLanes,
    /// outLanes)` apart; the gathered rows are zero past what is copied into them.
    private func scratchRows() -> (
        gathered: UnsafeMutablePointer<Float>, zeros: UnsafePointer<Float>, tile: UnsafeMutablePointer<Float>
    ) {
        let lanes = max(inLanes, outLanes)
        let rows = scratch.zeroed(33 * lanes)
        return (rows, UnsafePointer(rows + 16 * lanes), rows + 17 * lanes)
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    private static func store(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD16<Float>.self)
    }

    // The one-dimensional transforms; a tile's two-dimensional transform applies one along its columns (entries
    // `start`, `start + 4`, …), then along its rows (`start`, `start + 1`, …). `Bᵀ`: rows (1, 0, −1, 0), (0, 1, 1, 0),
    // (0, −1, 1, 0), (0, 1, 0, −1). `G`: rows (1, 0, 0), (½, ½, ½), (½, −½, ½), (0, 0, 1). `Aᵀ`: rows (1, 1, 1, 0),
    // (0, 1, −1, −1). The adjoints apply the transposed matrices.

    /// `Bᵀ·(x₀, x₁, x₂, x₃)`, in place.
    @inline(__always)
    private static func inputAxis(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ start: Int, _ step: Int) {
        let (x0, x1, x2, x3) = (s[start], s[start + step], s[start + 2 * step], s[start + 3 * step])
        (s[start], s[start + step], s[start + 2 * step], s[start + 3 * step]) = (x0 - x2, x1 + x2, x2 - x1, x1 - x3)
    }

    /// `B·(x₀, x₁, x₂, x₃)`, in place.
    @inline(__always)
    private static func inputAxisAdjoint(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ start: Int, _ step: Int) {
        let (x0, x1, x2, x3) = (s[start], s[start + step], s[start + 2 * step], s[start + 3 * step])
        (s[start], s[start + step], s[start + 2 * step], s[start + 3 * step]) = (
            x0, x1 - x2 + x3, x1 + x2 - x0, -x3
        )
    }

    /// `Aᵀ·(x₀, x₁, x₂, x₃)` into the first two entries.
    @inline(__always)
    private static func outputAxis(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ start: Int, _ step: Int) {
        let (x0, x1, x2, x3) = (s[start], s[start + step], s[start + 2 * step], s[start + 3 * step])
        (s[start], s[start + step]) = (x0 + x1 + x2, x1 - x2 - x3)
    }

    /// `A·(x₀, x₁)` from the first two entries into four.
    @inline(__always)
    private static func outputAxisAdjoint(_ s: UnsafeMutablePointer<SIMD16<Float>>, _ start: Int, _ step: Int) {
        let (x0, x1) = (s[start], s[start + step])
        (s[start], s[start + step], s[start + 2 * step], s[start + 3 * step]) = (x0, x0 + x1, x0 - x1, -x1)
    }

    /// `G·(a, b, c)`.
    @inline(__always)
    private static func kernelAxis(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float, Float, Float) {
        (a, 0.5 * (a + b + c), 0.5 * (a - b + c), c)
    }

    /// `Gᵀ·(a, b, c, d)`.
    @inline(__always)
    private static func kernelAxisAdjoint(_ a: Float, _ b: Float, _ c: Float, _ d: Float) -> (Float, Float, Float) {
        (a + 0.5 * (b + c), 0.5 * (b - c), 0.5 * (b + c) + d)
    }
}
