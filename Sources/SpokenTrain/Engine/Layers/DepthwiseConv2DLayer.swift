/// DEPTHWISE_CONV_2D (depth multiplier 1) in float, by direct loops: each channel has its own small kernel, so
/// there is no large product to hand to BLAS; the innermost loop runs over channels, contiguous in NHWC. (Blocks of
/// eight channels with the sums in registers, and a gathered input gradient, measured slower here: register spills.)
///
/// Weights are `[kernelHeight][kernelWidth][channels]`, TFLite's `[1, kh, kw, channels]`.
final class DepthwiseConv2DLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    let weightOffset: Int
    let biasOffset: Int?
    private var input: UnsafePointer<Float>?
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

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

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        self.input = input
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        let y = output.zeroed(batch * outputShape.count)
        let weights = context.parameters + weightOffset
        let bias = biasOffset.map { context.parameters + $0 }
        var pixel = y
        for n in 0..<batch {
            let image = input + n * h * w * c
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
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        let propagate = context.needsInputGradient
        let dx = inputGradient.zeroed(propagate ? batch * h * w * c : 0)
        let weights = context.parameters + weightOffset
        let weightGradient = context.gradients + weightOffset
        if let biasOffset {
            sumRows(
                outputGradient, into: context.gradients + biasOffset,
                rows: batch * outputShape.height * outputShape.width, columns: c)
        }
        let input = input!
        var pixel = outputGradient
        for n in 0..<batch {
            let image = input + n * h * w * c
            let imageGradient = dx + n * h * w * c
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
                            let tap = (ky * columns.kernel + kx) * c
                            // Two loops, one store stream each, so each vectorizes.
                            let tapGradient = weightGradient + tap
                            for channel in 0..<c { tapGradient[channel] += pixel[channel] * source[channel] }
                            guard propagate else { continue }
                            let (target, tapWeights) = (imageGradient + offset, weights + tap)
                            for channel in 0..<c { target[channel] += pixel[channel] * tapWeights[channel] }
                        }
                    }
                    pixel += c
                }
            }
        }
        return propagate ? UnsafePointer(dx) : nil
    }
}
