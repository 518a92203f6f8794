/// DEPTHWISE_CONV_2D (depth multiplier 1) in float, by direct loops over a `WindowWalk`: each channel has its own
/// small kernel, so there is no large product to hand to BLAS; the innermost work runs over channels, contiguous in
/// NHWC. (Blocks of channels with the sums in registers, and an input gradient gathered per input pixel, measured
/// slower here: the loads dominate, and one chain of dependent additions per block leaves the adder idle.)
///
/// Weights are `[kernelHeight][kernelWidth][channels]`, TFLite's `[1, kh, kw, channels]`.
final class DepthwiseConv2DLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    let weightOffset: Int
    let biasOffset: Int?
    private let walk: WindowWalk
    private var input: UnsafePointer<Float>?
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, rows: WindowAxis, columns: WindowAxis, bias: Bool, layout: inout ParameterLayout) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
        walk = WindowWalk(height: input.height, width: input.width, rows: rows, columns: columns)
        let taps = rows.kernel * columns.kernel
        // Keras's fans for its `(kh, kw, channels, 1)` depthwise kernel: every channel's taps count as fan-in, a limit
        // √((channels + 1) / 2) times narrower than one channel's taps give. So a Keras model of the architecture starts
        // from the same distribution (Scripts/bench_train.py), and spokend trains no worse: dscnn's number accuracy
        // rose from 81.7 to 84.3% (12 epochs, held-out voices), tiny's validation accuracy stayed within noise.
        weightOffset = layout.parameters(
            taps * input.channels, decay: true, initial: .glorotUniform(fanIn: taps * input.channels, fanOut: taps))
        biasOffset = bias ? layout.parameters(input.channels, decay: false, initial: .zeros) : nil
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        self.input = input
        let c = inputShape.channels
        let y = output.zeroed(batch * outputShape.count)
        let weights = context.parameters + weightOffset
        let bias = biasOffset.map { context.parameters + $0 }
        walk.forEachWindow(batch: batch) { pixel, taps in
            let sums = y + pixel &* c
            if let bias { sums.update(from: bias, count: c) }
            for row in taps.rows {
                for column in taps.columns {
                    let source = input + (taps.base &+ row.pixel &+ column.pixel) &* c
                    let tap = weights + (row.tap &+ column.tap) &* c
                    for channel in 0..<c { sums[channel] += source[channel] * tap[channel] }
                }
            }
        }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let c = inputShape.channels
        let propagate = context.needsInputGradient
        let dx = inputGradient.zeroed(propagate ? batch * inputShape.count : 0)
        let weights = context.parameters + weightOffset
        let weightGradient = context.gradients + weightOffset
        if let biasOffset {
            sumRows(
                outputGradient, into: context.gradients + biasOffset,
                rows: batch * outputShape.height * outputShape.width, columns: c)
        }
        let input = input!
        walk.forEachWindow(batch: batch) { pixel, taps in
            let dy = outputGradient + pixel &* c
            for row in taps.rows {
                for column in taps.columns {
                    let offset = (taps.base &+ row.pixel &+ column.pixel) &* c
                    let tap = (row.tap &+ column.tap) &* c
                    // Two loops, one store stream each, so each vectorizes.
                    let (source, tapGradient) = (input + offset, weightGradient + tap)
                    for channel in 0..<c { tapGradient[channel] += dy[channel] * source[channel] }
                    guard propagate else { continue }
                    let (target, tapWeights) = (dx + offset, weights + tap)
                    for channel in 0..<c { target[channel] += dy[channel] * tapWeights[channel] }
                }
            }
        }
        return propagate ? UnsafePointer(dx) : nil
    }
}
