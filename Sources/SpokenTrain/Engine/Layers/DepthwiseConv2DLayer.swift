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
                var (low, high) = bias.map { (Self.load($0, channel), Self.load($0, channel &+ 16)) } ?? (.zero, .zero)
                for row in taps.rows {
                    for column in taps.columns {
                        let source = input + ((taps.base &+ row.pixel &+ column.pixel) &* c &+ channel)
                        let tap = weights + ((row.tap &+ column.tap) &* c &+ channel)
                        low = low + Self.load(source, 0) * Self.load(tap, 0)
                        high = high + Self.load(source, 16) * Self.load(tap, 16)
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
            // Blocks of 32 channels with this pixel's gradient in registers, then the other channels.
            var channel = 0
            while channel &+ 32 <= c {
                let (low, high) = (Self.load(dy, channel), Self.load(dy, channel &+ 16))
                for row in taps.rows {
                    for column in taps.columns {
                        let offset = (taps.base &+ row.pixel &+ column.pixel) &* c &+ channel
                        let tap = (row.tap &+ column.tap) &* c &+ channel
                        Self.add(low, high, times: input + offset, to: weightGradient + tap)
                        if propagate { Self.add(low, high, times: weights + tap, to: dx + offset) }
                    }
                }
                channel &+= 32
            }
            guard channel < c else { return }
            for row in taps.rows {
                for column in taps.columns {
                    let offset = (taps.base &+ row.pixel &+ column.pixel) &* c
                    let tap = (row.tap &+ column.tap) &* c
                    // Two loops, one store stream each, so each vectorizes.
                    let (source, tapGradient) = (input + offset, weightGradient + tap)
                    for index in channel..<c { tapGradient[index] += dy[index] * source[index] }
                    guard propagate else { continue }
                    let (target, tapWeights) = (dx + offset, weights + tap)
                    for index in channel..<c { target[index] += dy[index] * tapWeights[index] }
                }
            }
        }
        return propagate ? UnsafePointer(dx) : nil
    }

    /// Sixteen channels from `offset`.
    @inline(__always)
    private static func load(_ values: UnsafePointer<Float>, _ offset: Int) -> SIMD16<Float> {
        UnsafeRawPointer(values + offset).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// `target[i] += (low, high)[i] · factor[i]` for 32 channels.
    @inline(__always)
    private static func add(
        _ low: SIMD16<Float>, _ high: SIMD16<Float>, times factor: UnsafePointer<Float>,
        to target: UnsafeMutablePointer<Float>
    ) {
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: load(target, 0) + low * load(factor, 0), as: SIMD16<Float>.self)
        raw.storeBytes(of: load(target, 16) + high * load(factor, 16), toByteOffset: 64, as: SIMD16<Float>.self)
    }
}
