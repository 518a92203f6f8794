/// CONV_2D in float: im2col, then `sgemm`, in chunks of images whose im2col rows fit in cache.
///
/// Weights are OHWI, `[filters][kernelHeight][kernelWidth][inChannels]` (TFLite's layout, so export copies them),
/// i.e. a `[filters, K]` matrix with `K = kernelHeight·kernelWidth·inChannels`. The im2col matrix has one row of `K`
/// input values per output pixel (zeros in the padding), so forward is `columns · weightsᵀ`, the weight gradient
/// `outputGradientᵀ · columns` and the input gradient `outputGradient · weights` scattered back (col2im). Where that
/// matrix would be the input itself, in order (a 1×1 convolution with stride 1; windows that tile the input, as a
/// kernel spanning the whole width with the stride of its height does), the input is used directly and the input
/// gradient needs no col2im. A 3×3 convolution of stride 1 with enough input channels runs as Winograd's F(2×2, 3×3)
/// instead (`WinogradConvolution`: 2.25 times fewer multiplications, other rounding).
final class Conv2DLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    /// Offsets of the weights and the bias (nil: no bias, as before a batch norm) in the parameter vector.
    let weightOffset: Int
    let biasOffset: Int?
    /// Whether the im2col matrix equals the input.
    private let inputIsPatches: Bool
    /// The windows im2col copies and col2im adds back, taps in the padding left out.
    private let walk: WindowWalk
    /// The Winograd form of the layer's products, when its shape is one that takes it.
    let winograd: WinogradConvolution?
    /// The last forward pass's input; the backward pass makes a chunked matrix's rows again, chunk by chunk.
    private var input: UnsafePointer<Float>?
    private let patchBuffer = LayerBuffer()
    private let output = LayerBuffer()
    private let patchGradient = LayerBuffer()
    private let inputGradient = LayerBuffer()

    /// Bytes of im2col rows up to which a batch's matrix is made whole, and per chunk above it.
    let chunkBytes: (whole: Int, chunk: Int)

    init(
        input: Shape, filters: Int, rows: WindowAxis, columns: WindowAxis, bias: Bool, layout: inout ParameterLayout,
        chunkBytes: (whole: Int, chunk: Int) = Conv2DLayer.chunkBytes, winograd: Bool = true
    ) {
        inputShape = input
        self.chunkBytes = chunkBytes
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: filters)
        let k = rows.kernel * columns.kernel * input.channels
        weightOffset = layout.parameters(
            filters * k, decay: true,
            initial: .glorotUniform(fanIn: k, fanOut: rows.kernel * columns.kernel * filters))
        biasOffset = bias ? layout.parameters(filters, decay: false, initial: .zeros) : nil
        inputIsPatches = Self.patchesAreInput(input: input, rows: rows, columns: columns)
        walk = WindowWalk(height: input.height, width: input.width, rows: rows, columns: columns)
        self.winograd =
            winograd ? WinogradConvolution(input: input, filters: filters, rows: rows, columns: columns) : nil
    }

    /// Values per im2col row.
    var patchSize: Int { rows.kernel * columns.kernel * inputShape.channels }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        self.input = input
        let filters = outputShape.channels
        let y = output.reserve(batch * outputShape.count)
        let weights = context.parameters + weightOffset
        if let winograd {
            winograd.forward(input, weights: weights, batch: batch, into: y)
        } else {
            forEachChunk(batch: batch, input: input) { images, patches in
                let pixels = images.count * outputPixels
                GEMM.multiply(
                    patches, weights, transposeB: true, into: y + images.lowerBound * outputShape.count, m: pixels,
                    n: filters, k: patchSize)
            }
        }
        if let biasOffset {
            addBias(context.parameters + biasOffset, to: y, rows: batch * outputPixels, columns: filters)
        }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let filters = outputShape.channels
        let k = patchSize
        let weights = context.parameters + weightOffset
        if let biasOffset {
            sumRows(outputGradient, into: context.gradients + biasOffset, rows: batch * outputPixels, columns: filters)
        }
        let dx = context.needsInputGradient ? inputGradient.reserve(batch * inputShape.count) : nil
        if let winograd {
            winograd.backward(
                outputGradient, input: input!, weights: weights, batch: batch,
                weightGradient: context.gradients + weightOffset, inputGradient: dx)
            return dx.map { UnsafePointer($0) }
        }
        forEachChunk(batch: batch, input: input!, again: true) { images, patches in
            let pixels = images.count * outputPixels
            let dy = outputGradient + images.lowerBound * outputShape.count
            GEMM.multiply(
                dy, transposeA: true, patches, into: context.gradients + weightOffset, m: filters, n: k, k: pixels,
                beta: 1)
            guard let dx else { return }
            let imageGradient = dx + images.lowerBound * inputShape.count
            if inputIsPatches {
                GEMM.multiply(dy, weights, into: imageGradient, m: pixels, n: k, k: filters)
            } else {
                let patchGradient = patchGradient.reserve(pixels * k)
                GEMM.multiply(dy, weights, into: patchGradient, m: pixels, n: k, k: filters)
                col2im(patchGradient, images: images.count, into: imageGradient)
            }
        }
        return dx.map { UnsafePointer($0) }
    }

    /// Output pixels per image.
    private var outputPixels: Int { outputShape.height * outputShape.width }

    /// Calls `body(images, patches)` with the im2col rows of consecutive chunks of the batch, in order. The whole
    /// batch is one chunk when the input is its own im2col matrix (1×1, patchify) or the batch's matrix is small;
    /// a larger matrix (cnn2d's would be 29 MB a shard) is made a chunk of `chunkBytes.chunk` at a time, in cache, and
    /// never exists whole. Chunks make the products smaller, which only pays for large ones: a first layer's thin
    /// product (one input channel) ran at half the speed when split.
    ///
    /// With `again` (the backward pass), a whole batch's matrix is the one the forward pass left in `patchBuffer`.
    private func forEachChunk(
        batch: Int, input: UnsafePointer<Float>, again: Bool = false,
        _ body: (Range<Int>, UnsafePointer<Float>) -> Void
    ) {
        let imageBytes = outputPixels * patchSize * MemoryLayout<Float>.stride
        let chunk =
            inputIsPatches || batch * imageBytes <= chunkBytes.whole
            ? batch : max(1, chunkBytes.chunk / imageBytes)
        for first in stride(from: 0, to: batch, by: chunk) {
            let images = first..<min(first + chunk, batch)
            let start = input + first * inputShape.count
            let patches =
                inputIsPatches
                ? start
                : again && chunk >= batch ? UnsafePointer(patchBuffer.pointer) : im2col(start, images: images.count)
            body(images, patches)
        }
    }

    /// The default `chunkBytes`: a batch's matrix up to a few times the 2 MiB L2 is made whole (the first layers'),
    /// a larger one in chunks of half the L2, so a chunk's rows and much of its outputs stay there.
    static let chunkBytes = (whole: 8 << 20, chunk: 1 << 20)

    /// Whether every window reads a contiguous run of the input that starts where the previous window's ends, with
    /// no padding, and the windows cover the whole input: then im2col would copy the input unchanged.
    private static func patchesAreInput(input: Shape, rows: WindowAxis, columns: WindowAxis) -> Bool {
        let (h, w, c) = (input.height, input.width, input.channels)
        guard rows.output * columns.output * rows.kernel * columns.kernel == h * w else { return false }
        var expected = 0
        for oy in 0..<rows.output {
            for ox in 0..<columns.output {
                for ky in 0..<rows.kernel {
                    for kx in 0..<columns.kernel {
                        let (iy, ix) = (rows.source(oy, ky), columns.source(ox, kx))
                        guard iy >= 0, iy < h, ix >= 0, ix < w, (iy * w + ix) * c == expected else { return false }
                        expected += c
                    }
                }
            }
        }
        return true
    }

    /// One row per output pixel: the `kernelHeight × kernelWidth × inChannels` input values its window reads, zeros
    /// for the taps in the padding.
    private func im2col(_ input: UnsafePointer<Float>, images: Int) -> UnsafePointer<Float> {
        let c = inputShape.channels
        let taps = rows.kernel * columns.kernel
        let out = patchBuffer.reserve(images * outputPixels * patchSize)
        walk.forEachWindow(batch: images) { pixel, window in
            let row = out + pixel * patchSize
            if window.rows.count * window.columns.count < taps { row.update(repeating: 0, count: patchSize) }
            for windowRow in window.rows {
                for windowColumn in window.columns {
                    let source = input + (window.base + windowRow.pixel + windowColumn.pixel) * c
                    let tap = row + (windowRow.tap + windowColumn.tap) * c
                    // One value: a `memmove` call per value took more time than the copy (first layers).
                    if c == 1 { tap.pointee = source.pointee } else { tap.update(from: source, count: c) }
                }
            }
        }
        return UnsafePointer(out)
    }

    /// The adjoint of `im2col`: each row's gradient added back to the input positions it was read from, in `dx`
    /// (the gradient of `images` images, overwritten).
    private func col2im(_ patchGradient: UnsafePointer<Float>, images: Int, into dx: UnsafeMutablePointer<Float>) {
        let c = inputShape.channels
        dx.update(repeating: 0, count: images * inputShape.count)
        walk.forEachWindow(batch: images) { pixel, window in
            let row = patchGradient + pixel * patchSize
            for windowRow in window.rows {
                for windowColumn in window.columns {
                    let target = dx + (window.base + windowRow.pixel + windowColumn.pixel) * c
                    let tap = row + (windowRow.tap + windowColumn.tap) * c
                    for channel in 0..<c { target[channel] += tap[channel] }
                }
            }
        }
    }
}
