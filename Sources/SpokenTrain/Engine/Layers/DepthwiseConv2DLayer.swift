/// DEPTHWISE_CONV_2D (depth multiplier 1) in float, by direct loops: each channel has its own small kernel, so
/// there is no large product to hand to BLAS; the innermost loop runs over channels, contiguous in NHWC.
///
/// Weights are `[kernelHeight][kernelWidth][channels]`, TFLite's `[1, kh, kw, channels]`.
final class DepthwiseConv2DLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    let weightOffset: Int
    let biasOffset: Int?
    private var input: [Float] = []

    init(input: Shape, rows: WindowAxis, columns: WindowAxis, bias: Bool, layout: inout ParameterLayout) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
        let taps = rows.kernel * columns.kernel
        weightOffset = layout.parameters(
            taps * input.channels, decay: true, initial: .glorotUniform(fanIn: taps, fanOut: taps))
        biasOffset = bias ? layout.parameters(input.channels, decay: false, initial: .zeros) : nil
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        self.input = input
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        var output = [Float](repeating: 0, count: batch * outputShape.count)
        let weights = context.parameters + weightOffset
        let bias = biasOffset.map { context.parameters + $0 }
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                var pixel = y.baseAddress!
                for n in 0..<batch {
                    let image = x.baseAddress! + n * h * w * c
                    for oy in 0..<rows.output {
                        for ox in 0..<columns.output {
                            if let bias { pixel.update(from: bias, count: c) }
                            for ky in 0..<rows.kernel {
                                let iy = rows.source(oy, ky)
                                guard iy >= 0, iy < h else { continue }
                                for kx in 0..<columns.kernel {
                                    let ix = columns.source(ox, kx)
                                    guard ix >= 0, ix < w else { continue }
                                    let source = image + (iy * w + ix) * c
                                    let tap = weights + (ky * columns.kernel + kx) * c
                                    for channel in 0..<c { pixel[channel] += source[channel] * tap[channel] }
                                }
                            }
                            pixel += c
                        }
                    }
                }
            }
        }
        return output
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        var inputGradient = [Float](repeating: 0, count: batch * h * w * c)
        let weights = context.parameters + weightOffset
        let weightGradient = context.gradients + weightOffset
        if let biasOffset {
            outputGradient.withUnsafeBufferPointer { dy in
                sumRows(dy.baseAddress!, into: context.gradients + biasOffset, rows: dy.count / c, columns: c)
            }
        }
        input.withUnsafeBufferPointer { x in
            outputGradient.withUnsafeBufferPointer { dy in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    var pixel = dy.baseAddress!
                    for n in 0..<batch {
                        let image = x.baseAddress! + n * h * w * c
                        let imageGradient = dx.baseAddress! + n * h * w * c
                        for oy in 0..<rows.output {
                            for ox in 0..<columns.output {
                                for ky in 0..<rows.kernel {
                                    let iy = rows.source(oy, ky)
                                    guard iy >= 0, iy < h else { continue }
                                    for kx in 0..<columns.kernel {
                                        let ix = columns.source(ox, kx)
                                        guard ix >= 0, ix < w else { continue }
                                        let offset = (iy * w + ix) * c
                                        let source = image + offset
                                        let target = imageGradient + offset
                                        let tap = (ky * columns.kernel + kx) * c
                                        // Two loops, one store stream each, so each vectorizes.
                                        let tapGradient = weightGradient + tap
                                        for channel in 0..<c {
                                            tapGradient[channel] += pixel[channel] * source[channel]
                                        }
                                        let tapWeights = weights + tap
                                        for channel in 0..<c { target[channel] += pixel[channel] * tapWeights[channel] }
                                    }
                                }
                                pixel += c
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
