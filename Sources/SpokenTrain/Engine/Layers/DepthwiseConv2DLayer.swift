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
        weightOffset = layout.parameters(
            taps * input.channels, decay: true, initial: .glorotUniform(fanIn: taps, fanOut: taps))
        biasOffset = bias ? layout.parameters(input.channels, decay: false, initial: .zeros) : nil
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        self.input = input
        let c = inputShape.channels
        let y = output.reserve(batch * outputShape.count)
        let weights = context.parameters + weightOffset
        let bias = biasOffset.map { context.parameters + $0 }
        walk.forEachWindow(batch: batch) { pixel, taps in
            let sums = y + pixel &* c
            // Blocks of 32 channels: two sums over the taps in registers (SIMD16: wider vector types do not compile
            // to vector code), each written once.
            var channel = 0
            while channel &+ 32 <= c {
                func load(_ values: UnsafePointer<Float>, _ offset: Int) -> SIMD16<Float> {
                    UnsafeRawPointer(values + offset).loadUnaligned(as: SIMD16<Float>.self)
                }
                var (low, high) = bias.map { (load($0, channel), load($0, channel &+ 16)) } ?? (.zero, .zero)
                for row in taps.rows {
                    for column in taps.columns {
                        let source = input + ((taps.base &+ row.pixel &+ column.pixel) &* c &+ channel)
                        let tap = weights + ((row.tap &+ column.tap) &* c &+ channel)
                        low = low + load(source, 0) * load(tap, 0)
                        high = high + load(source, 16) * load(tap, 16)
                    }
                }
                UnsafeMutableRawPointer(sums + channel).storeBytes(of: low, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(sums + (channel &+ 16)).storeBytes(of: high, as: SIMD16<Float>.self)
                channel &+= 32
            }
            // The other channels (all of them for fewer than 32) add up in place, tap after tap.
            guard channel < c else { return }
            let rest = c &- channel
            if let bias {
                (sums + channel).update(from: bias + channel, count: rest)
            } else {
                (sums + channel).update(repeating: 0, count: rest)
            }
            for row in taps.rows {
                for column in taps.columns {
                    let source = input + ((taps.base &+ row.pixel &+ column.pixel) &* c &+ channel)
                    let tap = weights + ((row.tap &+ column.tap) &* c &+ channel)
                    for index in 0..<rest { sums[channel &+ index] += source[index] * tap[index] }
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
