/// DEPTHWISE_CONV_2D (depth multiplier 1) in float, by direct loops: each channel has its own small kernel, so
/// there is no large product to hand to BLAS. The loops run over blocks of eight channels (contiguous in NHWC) with
/// the sum in a register across the window's taps, each sum in the order of the reference loop (taps in order; for
/// the weight gradient, pixels in order), so the results are the plain loop's.
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
    /// Scratch for one pixel's taps (see `windowTaps`), `kernelHeight × kernelWidth` each.
    private let pixelOffsets: UnsafeMutablePointer<Int>
    private let tapOffsets: UnsafeMutablePointer<Int>

    init(input: Shape, rows: WindowAxis, columns: WindowAxis, bias: Bool, layout: inout ParameterLayout) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
        let taps = rows.kernel * columns.kernel
        weightOffset = layout.parameters(
            taps * input.channels, decay: true, initial: .glorotUniform(fanIn: taps, fanOut: taps))
        biasOffset = bias ? layout.parameters(input.channels, decay: false, initial: .zeros) : nil
        pixelOffsets = .allocate(capacity: taps)
        tapOffsets = .allocate(capacity: taps)
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        self.input = input
        let c = inputShape.channels
        let y = output.reserve(batch * outputShape.count)
        let weights = context.parameters + weightOffset
        let bias = biasOffset.map { context.parameters + $0 }
        var pixel = y
        for n in 0..<batch {
            let image = input + n * inputShape.count
            for oy in 0..<rows.output {
                for ox in 0..<columns.output {
                    let count = windowTaps(oy, ox)
                    for channel in stride(from: 0, to: c, by: ChannelBlock.width) {
                        let lanes = min(ChannelBlock.width, c - channel)
                        var sum = bias.map { ChannelBlock.load($0 + channel, lanes: lanes) } ?? .zero
                        for index in 0..<count {
                            let source = ChannelBlock.load(image + pixelOffsets[index] + channel, lanes: lanes)
                            let tap = ChannelBlock.load(weights + tapOffsets[index] + channel, lanes: lanes)
                            sum = sum + source * tap
                        }
                        ChannelBlock.store(sum, to: pixel + channel, lanes: lanes)
                    }
                    pixel += c
                }
            }
        }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        if let biasOffset {
            sumRows(
                outputGradient, into: context.gradients + biasOffset,
                rows: batch * outputShape.height * outputShape.width, columns: inputShape.channels)
        }
        addWeightGradient(outputGradient, batch: batch, into: context.gradients + weightOffset)
        guard context.needsInputGradient else { return nil }
        return UnsafePointer(
            gatherInputGradient(outputGradient, batch: batch, weights: context.parameters + weightOffset))
    }

    /// Per tap and channel, the sum over output pixels (in order) of the output gradient times the input it read.
    private func addWeightGradient(
        _ outputGradient: UnsafePointer<Float>, batch: Int, into gradient: UnsafeMutablePointer<Float>
    ) {
        let c = inputShape.channels
        var pixel = outputGradient
        for n in 0..<batch {
            let image = input! + n * inputShape.count
            for oy in 0..<rows.output {
                for ox in 0..<columns.output {
                    let count = windowTaps(oy, ox)
                    for channel in stride(from: 0, to: c, by: ChannelBlock.width) {
                        let lanes = min(ChannelBlock.width, c - channel)
                        let dy = ChannelBlock.load(pixel + channel, lanes: lanes)
                        for index in 0..<count {
                            let tap = gradient + tapOffsets[index] + channel
                            let source = ChannelBlock.load(image + pixelOffsets[index] + channel, lanes: lanes)
                            ChannelBlock.store(
                                ChannelBlock.load(tap, lanes: lanes) + dy * source, to: tap, lanes: lanes)
                        }
                    }
                    pixel += c
                }
            }
        }
    }

    /// Per input pixel, the sum of the output gradients of the windows that read it times their taps' weights. It
    /// gathers rather than scatters (one store per value), adding the windows in output order, the order in which
    /// scattering would add them.
    private func gatherInputGradient(_ outputGradient: UnsafePointer<Float>, batch: Int, weights: UnsafePointer<Float>)
        -> UnsafeMutablePointer<Float>
    {
        let c = inputShape.channels
        let dx = inputGradient.reserve(batch * inputShape.count)
        var pixel = dx
        for n in 0..<batch {
            let image = outputGradient + n * outputShape.count
            for iy in 0..<inputShape.height {
                for ix in 0..<inputShape.width {
                    let count = readingWindows(iy, ix)
                    for channel in stride(from: 0, to: c, by: ChannelBlock.width) {
                        let lanes = min(ChannelBlock.width, c - channel)
                        var sum = SIMD8<Float>.zero
                        for index in 0..<count {
                            let dy = ChannelBlock.load(image + pixelOffsets[index] + channel, lanes: lanes)
                            let tap = ChannelBlock.load(weights + tapOffsets[index] + channel, lanes: lanes)
                            sum = sum + dy * tap
                        }
                        ChannelBlock.store(sum, to: pixel + channel, lanes: lanes)
                    }
                    pixel += c
                }
            }
        }
        return dx
    }

    /// Fills `pixelOffsets` with the input pixels that output pixel `(oy, ox)` reads (offsets in one image) and
    /// `tapOffsets` with the taps that read them, in tap order; returns how many (taps in the padding are left out).
    private func windowTaps(_ oy: Int, _ ox: Int) -> Int {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        var count = 0
        for ky in 0..<rows.kernel {
            let iy = rows.source(oy, ky)
            guard iy >= 0, iy < h else { continue }
            for kx in 0..<columns.kernel {
                let ix = columns.source(ox, kx)
                guard ix >= 0, ix < w else { continue }
                pixelOffsets[count] = (iy * w + ix) * c
                tapOffsets[count] = (ky * columns.kernel + kx) * c
                count += 1
            }
        }
        return count
    }

    /// Fills `pixelOffsets` with the output pixels whose windows read input pixel `(iy, ix)` (offsets in one image),
    /// in output order, and `tapOffsets` with the taps that read it; returns how many.
    private func readingWindows(_ iy: Int, _ ix: Int) -> Int {
        let c = inputShape.channels
        var count = 0
        // A later tap belongs to an earlier window, so taps backwards give the windows in order.
        for ky in (0..<rows.kernel).reversed() {
            guard let oy = rows.window(reading: iy, tap: ky), oy < rows.output else { continue }
            for kx in (0..<columns.kernel).reversed() {
                guard let ox = columns.window(reading: ix, tap: kx), ox < columns.output else { continue }
                pixelOffsets[count] = (oy * columns.output + ox) * c
                tapOffsets[count] = (ky * columns.kernel + kx) * c
                count += 1
            }
        }
        return count
    }

    deinit {
        pixelOffsets.deallocate()
        tapOffsets.deallocate()
    }
}
