/// CONV_2D in float: im2col, then one `sgemm` per pass.
///
/// Weights are OHWI, `[filters][kernelHeight][kernelWidth][inChannels]` (TFLite's layout, so export copies them),
/// i.e. a `[filters, K]` matrix with `K = kernelHeight·kernelWidth·inChannels`. The im2col matrix has one row of `K`
/// input values per output pixel (zeros in the padding), so forward is `columns · weightsᵀ`, the weight gradient
/// `outputGradientᵀ · columns` and the input gradient `outputGradient · weights` scattered back (col2im). A 1×1
/// convolution with stride 1 uses its input as the matrix directly.
final class Conv2DLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    /// Offsets of the weights and the bias (nil: no bias, as before a batch norm) in the parameter vector.
    let weightOffset: Int
    let biasOffset: Int?
    private var patches: [Float] = []

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
    }

    /// Values per im2col row.
    var patchSize: Int { rows.kernel * columns.kernel * inputShape.channels }

    private var isPointwise: Bool {
        rows.kernel == 1 && columns.kernel == 1 && rows.stride == 1 && columns.stride == 1 && rows.padBefore == 0
            && columns.padBefore == 0
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        let pixels = batch * outputShape.height * outputShape.width
        let filters = outputShape.channels
        patches = isPointwise ? input : im2col(input, batch: batch)
        let weights = context.parameters + weightOffset
        return patches.withUnsafeBufferPointer { a in
            [Float](uninitializedCount: pixels * filters) { c in
                GEMM.multiply(
                    a.baseAddress!, weights, transposeB: true, into: c.baseAddress!, m: pixels, n: filters,
                    k: patchSize)
                if let biasOffset {
                    addBias(context.parameters + biasOffset, to: c.baseAddress!, rows: pixels, columns: filters)
                }
            }
        }
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        let pixels = batch * outputShape.height * outputShape.width
        let filters = outputShape.channels
        let k = patchSize
        let patchGradient = outputGradient.withUnsafeBufferPointer { dy in
            patches.withUnsafeBufferPointer { a in
                GEMM.multiply(
                    dy.baseAddress!, transposeA: true, a.baseAddress!, into: context.gradients + weightOffset,
                    m: filters, n: k, k: pixels, beta: 1)
            }
            if let biasOffset {
                sumRows(dy.baseAddress!, into: context.gradients + biasOffset, rows: pixels, columns: filters)
            }
            return [Float](uninitializedCount: pixels * k) { da in
                GEMM.multiply(
                    dy.baseAddress!, context.parameters + weightOffset, into: da.baseAddress!, m: pixels, n: k,
                    k: filters)
            }
        }
        return isPointwise ? patchGradient : col2im(patchGradient, batch: batch)
    }

    /// One row per output pixel: the `kernelHeight × kernelWidth × inChannels` input values its window reads.
    private func im2col(_ input: [Float], batch: Int) -> [Float] {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        let k = patchSize
        return input.withUnsafeBufferPointer { x in
            [Float](uninitializedCount: batch * outputShape.height * outputShape.width * k) { out in
                var row = out.baseAddress!
                for n in 0..<batch {
                    let image = x.baseAddress! + n * h * w * c
                    for oy in 0..<rows.output {
                        for ox in 0..<columns.output {
                            var tap = row
                            for ky in 0..<rows.kernel {
                                let iy = rows.source(oy, ky)
                                for kx in 0..<columns.kernel {
                                    let ix = columns.source(ox, kx)
                                    if iy >= 0, iy < h, ix >= 0, ix < w {
                                        tap.update(from: image + (iy * w + ix) * c, count: c)
                                    } else {
                                        tap.update(repeating: 0, count: c)
                                    }
                                    tap += c
                                }
                            }
                            row += k
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: each row's gradient added back to the input positions it was read from.
    private func col2im(_ patchGradient: [Float], batch: Int) -> [Float] {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        var result = [Float](repeating: 0, count: batch * h * w * c)
        patchGradient.withUnsafeBufferPointer { g in
            result.withUnsafeMutableBufferPointer { dx in
                var row = g.baseAddress!
                for n in 0..<batch {
                    let image = dx.baseAddress! + n * h * w * c
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
            }
        }
        return result
    }
}
