/// CONV_2D in float: im2col, then one `sgemm` per pass.
///
/// Weights are OHWI, `[filters][kernelHeight][kernelWidth][inChannels]` (TFLite's layout, so export copies them),
/// i.e. a `[filters, K]` matrix with `K = kernelHeight·kernelWidth·inChannels`. The im2col matrix has one row of `K`
/// input values per output pixel (zeros in the padding), so forward is `columns · weightsᵀ`, the weight gradient
/// `outputGradientᵀ · columns` and the input gradient `outputGradient · weights` scattered back (col2im). Where that
/// matrix would be the input itself, in order (a 1×1 convolution with stride 1; windows that tile the input, as a
/// kernel spanning the whole width with the stride of its height does), the input is used directly and the input
/// gradient needs no col2im.
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
    /// The im2col matrix of the last forward pass (the input itself when `inputIsPatches`).
    private var patches: UnsafePointer<Float>?
    private let patchBuffer = LayerBuffer()
    private let output = LayerBuffer()
    private let patchGradient = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, filters: Int, rows: WindowAxis, columns: WindowAxis, bias: Bool, layout: inout ParameterLayout) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: filters)
        let k = rows.kernel * columns.kernel * input.channels
        weightOffset = layout.parameters(
            filters * k, decay: true,
            initial: .glorotUniform(fanIn: k, fanOut: rows.kernel * columns.kernel * filters))
        biasOffset = bias ? layout.parameters(filters, decay: false, initial: .zeros) : nil
        inputIsPatches = Self.patchesAreInput(input: input, rows: rows, columns: columns)
    }

    /// Values per im2col row.
    var patchSize: Int { rows.kernel * columns.kernel * inputShape.channels }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let pixels = batch * outputShape.height * outputShape.width
        let filters = outputShape.channels
        let a = inputIsPatches ? input : im2col(input, batch: batch)
        patches = a
        let y = output.reserve(pixels * filters)
        GEMM.multiply(
            a, context.parameters + weightOffset, transposeB: true, into: y, m: pixels, n: filters, k: patchSize)
        if let biasOffset { addBias(context.parameters + biasOffset, to: y, rows: pixels, columns: filters) }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let pixels = batch * outputShape.height * outputShape.width
        let filters = outputShape.channels
        let k = patchSize
        GEMM.multiply(
            outputGradient, transposeA: true, patches!, into: context.gradients + weightOffset, m: filters, n: k,
            k: pixels, beta: 1)
        if let biasOffset {
            sumRows(outputGradient, into: context.gradients + biasOffset, rows: pixels, columns: filters)
        }
        guard context.needsInputGradient else { return nil }
        let da = (inputIsPatches ? inputGradient : patchGradient).reserve(pixels * k)
        GEMM.multiply(outputGradient, context.parameters + weightOffset, into: da, m: pixels, n: k, k: filters)
        return UnsafePointer(inputIsPatches ? da : col2im(da, batch: batch))
    }

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

    /// One row per output pixel: the `kernelHeight × kernelWidth × inChannels` input values its window reads.
    private func im2col(_ input: UnsafePointer<Float>, batch: Int) -> UnsafePointer<Float> {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        let out = patchBuffer.reserve(batch * outputShape.height * outputShape.width * patchSize)
        var row = out
        for n in 0..<batch {
            let image = input + n * h * w * c
            for oy in 0..<rows.output {
                for ox in 0..<columns.output {
                    var tap = row
                    for ky in 0..<rows.kernel {
                        let iy = rows.source(oy, ky)
                        for kx in 0..<columns.kernel {
                            let ix = columns.source(ox, kx)
                            let inside = iy >= 0 && iy < h && ix >= 0 && ix < w
                            if c == 1 {
                                // One value: a `memmove` call per value took more time than the copy (first layers).
                                tap.pointee = inside ? image[iy * w + ix] : 0
                            } else if inside {
                                tap.update(from: image + (iy * w + ix) * c, count: c)
                            } else {
                                tap.update(repeating: 0, count: c)
                            }
                            tap += c
                        }
                    }
                    row += patchSize
                }
            }
        }
        return UnsafePointer(out)
    }

    /// The adjoint of `im2col`: each row's gradient added back to the input positions it was read from.
    private func col2im(_ patchGradient: UnsafePointer<Float>, batch: Int) -> UnsafeMutablePointer<Float> {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        let dx = inputGradient.zeroed(batch * h * w * c)
        var row = patchGradient
        for n in 0..<batch {
            let image = dx + n * h * w * c
            for oy in 0..<rows.output {
                for ox in 0..<columns.output {
                    var tap = row
                    for ky in 0..<rows.kernel {
                        let iy = rows.source(oy, ky)
                        for kx in 0..<columns.kernel {
                            let ix = columns.source(ox, kx)
                            if iy >= 0, iy < h, ix >= 0, ix < w {
                                let target = image + (iy * w + ix) * c
                                for channel in 0..<c { target[channel] += tap[channel] }
                            }
                            tap += c
                        }
                    }
                    row += patchSize
                }
            }
        }
        return dx
    }
}
