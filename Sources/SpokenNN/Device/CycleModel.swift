/// Cycles of one operator on a Cortex-M4, from the loop structure of the kernel that the device build runs for
/// its shape.
///
/// Not one rate per MAC: a kernel's cost is the sum over its loop levels of (iterations × cycles per iteration),
/// so the same MAC count costs several times more in a 3×3 depthwise layer (per-output requantization over 9 MACs)
/// or a single-input-channel convolution (one im2col call per tap) than in a 1×1 convolution over 64 channels.
/// With CMSIS-NN the model first picks the function `arm_convolve_wrapper_s8` / `arm_depthwise_conv_wrapper_s8`
/// would pick (CMSIS-NN v6 dispatch rules) and then prices that function's loops; operators that TFLM's cmsis_nn
/// kernel directory does not provide fall back to the reference kernel, as on the device.
///
/// Latency is `cycles / clock`, energy `cycles × energy per cycle` (see `DeviceProfile`). The per-iteration
/// numbers and their sources are in `ReferenceKernelCosts` and `CMSISNNKernelCosts`.
///
/// What comes out, in cycles per MAC on 16×16 SAME layers (reference / CMSIS-NN, at `-O2`), against what is
/// published for Cortex-M4 (CMSIS-NN: many-channel convs 2–4, 3×3 depthwise 9–10, single-input-channel convs ≈20,
/// single-channel depthwise worse than the reference):
///
/// | layer                         | reference | CMSIS-NN | CMSIS-NN function             |
/// | ----------------------------- | --------- | -------- | ----------------------------- |
/// | conv 1×1, 64 → 64             | 7.6       | 3.7      | arm_convolve_1x1_s8_fast      |
/// | conv 3×3, 32 → 32             | 6.5       | 3.3      | arm_convolve_s8               |
/// | dense 64 → 100                | 7.6       | 4.7      | arm_fully_connected_s8        |
/// | depthwise 3×3, 64 channels    | 22.6      | 9.8      | arm_depthwise_conv_3x3_s8     |
/// | conv 3×3, 1 → 8               | 22.7      | 16.0     | arm_convolve_s8 (im2col/tap)  |
/// | conv 10×4, 1 → 64 (DS-CNN)    | 16.7      | 5.1      | arm_convolve_s8               |
/// | depthwise 5×5, 1 channel      | 17.7      | 25.8     | arm_depthwise_conv_s8_opt     |
/// | depthwise 3×3, 1 → 8 (mult 8) | 22.7      | 18.9     | arm_depthwise_conv_s8         |
///
/// One number is fitted, the board's `stallFactor`, on the MLPerf Tiny KWS DS-CNN alone at 120 MHz with CMSIS-NN
/// (99.81 ms, MLPerf Tiny v1.0 closed/OctoML microTVM + CMSIS-NN on the NUCLEO-L4R5ZI); the reference flavour takes
/// the same factor, because no reference-kernel latency on that board is published (v0.5's "reference" submission
/// ran CMSIS-NN's kernels of 2020, see `ReferenceKernelCosts`). The other MLPerf Tiny v1.0 benchmarks are then
/// predictions, checked in `MLPerfTinyOutOfSampleTests`: ResNet-8 −1.5%, MobileNetV1-0.25 VWW −1.1%, the FC
/// autoencoder +5.6%. With reference kernels every v0.5 benchmark is predicted slower than that 2020 CMSIS-NN build
/// measured it, as it must be.
public struct CycleModel: Sendable {
    public let flavor: KernelFlavor
    public let optimization: OptimizationLevel
    public let coefficients: CycleCoefficients

    public init(flavor: KernelFlavor, optimization: OptimizationLevel, coefficients: CycleCoefficients = .cortexM4) {
        self.flavor = flavor
        self.optimization = optimization
        self.coefficients = coefficients
    }

    /// The model of `profile`'s build.
    public init(profile: DeviceProfile) {
        self.init(flavor: profile.flavor, optimization: profile.optimization, coefficients: profile.cycles)
    }

    /// What `op` costs.
    public func cost(of op: OpWorkload) -> OpCost {
        if flavor == .cmsisNN, let (kernel, counted) = cmsisNN(op) {
            let costs = coefficients.cmsisNN
            let slowdown = optimization == .size ? costs.sizeOptimizationSlowdown : 1
            let cycles = (counted * slowdown + costs.invokeOverhead) * costs.stallFactor
            return OpCost(kernel: kernel, macs: op.macs, cycles: Self.count(cycles))
        }
        let (kernel, counted) = reference(op)
        let costs = coefficients.reference
        let slowdown = optimization == .size ? costs.sizeOptimizationSlowdown : 1
        let cycles = (counted * slowdown + costs.invokeOverhead) * costs.stallFactor
        return OpCost(kernel: kernel, macs: op.macs, cycles: Self.count(cycles))
    }

    /// Priced cycles as a count, capped at `DeviceProfile.largestCycleCount` (a hostile shape can price beyond any
    /// integer; NaN, from coefficients no validated profile has, counts as the cap too).
    private static func count(_ cycles: Double) -> Int {
        let cap = Double(DeviceProfile.largestCycleCount)
        return cycles.isNaN || cycles >= cap ? DeviceProfile.largestCycleCount : max(Int(cycles.rounded()), 0)
    }

    // MARK: - TFLM reference kernels

    private func reference(_ op: OpWorkload) -> (String, Double) {
        let c = coefficients.reference
        let outputs = Double(op.elements(op.outputShape))
        let inputs = Double(op.elements(op.inputShape))
        switch op.op {
        case .conv2D:
            guard let g = ConvGeometry(op) else { break }
            let cycles =
                g.inside * g.outChannels * (c.convTap + g.inChannels * c.convMAC)
                + g.outside * g.outChannels * c.skippedTap + outputs * c.requantizedOutput
            return ("reference_integer_ops::ConvPerChannel", cycles)
        case .depthwiseConv2D:
            guard let g = ConvGeometry(op) else { break }
            let cycles =
                g.inside * g.outChannels * c.depthwiseTap + g.outside * g.outChannels * c.skippedTap
                + outputs * c.requantizedOutput
            return ("reference_integer_ops::DepthwiseConvPerChannel", cycles)
        case .fullyConnected:
            let depth = Double(op.filterShape?.last ?? 0)
            return ("reference_integer_ops::FullyConnected", outputs * (depth * c.convMAC + c.requantizedOutput))
        case .averagePool2D, .maxPool2D:
            guard let g = ConvGeometry(op) else { break }
            let name = op.op == .averagePool2D ? "AveragePool" : "MaxPool"
            return (
                "reference_integer_ops::\(name)", g.inside * g.inChannels * c.poolTap + outputs * c.poolOutput
            )
        case .mean, .reduceMax:
            // TFLM's reduce.cc sends a 4-D MEAN over height and width to the specialised
            // `reference_integer_ops::Mean` (straight loops); every other reduction walks the input with
            // `NextIndex` / `ReducedOutputOffset` per element.
            let axes = Set(op.reducedAxes ?? [])
            if op.op == .mean && op.inputShape.count == 4 && axes == [1, 2] {
                return ("reference_integer_ops::Mean", inputs * c.reduceElement + outputs * c.reduceOutput)
            }
            let name = op.op == .mean ? "reference_ops::QuantizedMeanOrSum" : "reference_ops::ReduceGeneric<int8_t>"
            return (name, inputs * c.genericReduceElement + outputs * c.reduceOutput)
        case .add, .mul:
            let perElement = op.op == .add ? c.addElement : c.mulElement
            let broadcast = op.secondInputShape.map { $0 != op.inputShape } ?? false
            let name = op.op == .add ? "Add" : "Mul"
            return broadcast
                ? ("reference_integer_ops::Broadcast\(name)6DSlow", outputs * (perElement + c.broadcastElement))
                : ("reference_integer_ops::\(name)", outputs * perElement)
        case .softmax:
            let rows = Double(op.elements(op.inputShape.dropLast()))
            return ("reference_ops::Softmax", inputs * c.softmaxElement + rows * c.softmaxRow)
        case .quantize:
            return ("reference_ops::AffineQuantize", inputs * c.quantizeElement)
        case .dequantize:
            return ("reference_ops::Dequantize", inputs * c.dequantizeElement)
        case .reshape:
            return ("memcpy", inputs * c.copyByte)
        default:
            break
        }
        return ("(no model for \(op.op))", outputs * c.unknownElement)
    }

    // MARK: - CMSIS-NN

    /// The CMSIS-NN function for `op` and its counted cycles, or nil when TFLM's cmsis_nn directory has no kernel
    /// for it (the reference kernel runs).
    private func cmsisNN(_ op: OpWorkload) -> (String, Double)? {
        let c = coefficients.cmsisNN
        let outputs = Double(op.elements(op.outputShape))
        switch op.op {
        case .conv2D:
            guard let g = ConvGeometry(op), let w = op.window else { return nil }
            let depth = g.taps * g.inChannels
            if w.kernelHeight == 1 && w.kernelWidth == 1 && w.strideHeight == 1 && w.strideWidth == 1
                && w.padTop == 0 && w.padLeft == 0 && w.dilationHeight == 1 && w.dilationWidth == 1
            {
                // `arm_nn_mat_mult_nt_t_s8`: one call for the whole layer, the same 2×2 tiles.
                return ("arm_convolve_1x1_s8_fast", c.matMulCall + matMul(pixels: g.pixels, g.outChannels, depth))
            }
            let im2col = (g.inside + g.outside) * c.im2colCall + g.inside * g.inChannels * c.im2colElement
            let name =
                op.inputShape.count == 4 && op.inputShape[1] == 1 && w.kernelHeight == 1
                    && op.outputShape[2] % 4 == 0 && w.dilationWidth == 1
                ? "arm_convolve_1_x_n_s8" : "arm_convolve_s8"
            // One `arm_nn_mat_mult_kernel_s8_s16` call per pair of output pixels.
            let calls = (g.pixels / 2).rounded(.down) * c.matMulCall
            return (name, im2col + calls + matMul(pixels: g.pixels, g.outChannels, depth))
        case .depthwiseConv2D:
            guard let g = ConvGeometry(op), let w = op.window else { return nil }
            let batch = op.inputShape.first ?? 1
            guard op.depthMultiplier == 1 && batch == 1 && w.dilationHeight == 1 && w.dilationWidth == 1 else {
                let cycles =
                    g.inside * g.outChannels * c.depthwiseGenericTap
                    + outputs * (c.depthwiseGenericOutput + c.requantizedOutput)
                return ("arm_depthwise_conv_s8", cycles)
            }
            let groups = (g.outChannels / 4).rounded(.down)
            let leftover = g.outChannels - 4 * groups
            let perPixel = g.pixels * (groups * c.depthwiseGroup + leftover * c.depthwiseGroup / 4)
            if w.kernelHeight == 3 && w.kernelWidth == 3 && w.padTop <= 1 && w.padLeft <= 1 {
                let taps = g.inside * (groups * c.depthwise3x3Tap + leftover * c.depthwiseScalarTap)
                return ("arm_depthwise_conv_3x3_s8", taps + perPixel + outputs * c.requantizedOutput)
            }
            let copy =
                g.pixels * Double(w.kernelHeight) * c.depthwiseRowCall
                + g.inside * g.inChannels * c.im2colElement
            let taps = g.pixels * g.taps * (groups * c.depthwiseOptTap + leftover * c.depthwiseScalarTap)
            return ("arm_depthwise_conv_s8_opt", copy + taps + perPixel + outputs * c.requantizedOutput)
        case .fullyConnected:
            guard let filter = op.filterShape, let depth = filter.last, let units = filter.first else { return nil }
            let batches = Double(op.elements(op.outputShape)) / Double(max(units, 1))
            let rowPairs = (Double(units) / 2).rounded(.up)
            let steps = Double(depth / 4) * c.fullyConnectedStep + Double(depth % 4) * c.matTail
            let weights = Double(units) * Double(depth) * c.weightStreamByte
            let cycles =
                batches * (rowPairs * (steps + c.fullyConnectedRowPair) + weights) + outputs * c.requantizedOutput
            return ("arm_fully_connected_s8", cycles)
        case .averagePool2D, .maxPool2D:
            guard let g = ConvGeometry(op) else { return nil }
            let average = op.op == .averagePool2D
            let tap = average ? c.avgPoolTap : c.maxPoolTap
            let cycles =
                g.inside * (g.inChannels * tap + c.poolTapCall) + g.pixels * c.poolPixel + outputs * c.poolOutput
            return (average ? "arm_avgpool_s8" : "arm_max_pool_s8", cycles)
        case .add, .mul:
            // TFLM's cmsis_nn add.cc/mul.cc call CMSIS-NN only when no broadcast is needed.
            if let second = op.secondInputShape, second != op.inputShape { return nil }
            return op.op == .add
                ? ("arm_elementwise_add_s8", outputs * c.addElement)
                : ("arm_elementwise_mul_s8", outputs * c.mulElement)
        case .softmax:
            let rows = Double(op.elements(op.inputShape.dropLast()))
            return ("arm_softmax_s8", Double(op.elements(op.inputShape)) * c.softmaxElement + rows * c.softmaxRow)
        default:
            return nil
        }
    }

    /// The 2×2-tiled matrix kernels over `pixels` output pixels × `channels` output channels × `depth`, as
    /// `arm_nn_mat_mult_kernel_s8_s16` loops them: per pair of pixels, channel pairs of `depth / 4` steps, the
    /// scalar depth tail, and half a tile for an odd last channel; an odd last pixel runs its own loop per channel.
    private func matMul(pixels: Double, _ channels: Double, _ depth: Double) -> Double {
        let c = coefficients.cmsisNN
        let steps = (depth / 4).rounded(.down)
        let tail = depth - 4 * steps
        let channelPairs = (channels / 2).rounded(.down)
        let oddChannel = channels - 2 * channelPairs
        let perPixelPair =
            channelPairs * (steps * c.matStep + tail * c.matTail + c.matTile)
            + oddChannel * (steps * c.matOddRowStep + tail * c.matTail / 2 + c.matTile / 2)
        let pixelPairs = (pixels / 2).rounded(.down)
        let oddPixel = pixels - 2 * pixelPairs
        let leftover = oddPixel * channels * (steps * c.matColumnStep + tail * c.matTail / 2 + c.matColumnChannel)
        return pixelPairs * perPixelPair + leftover + pixels * channels * c.requantizedOutput
    }
}

/// The loop counts of a windowed operator, as doubles for the cost arithmetic.
private struct ConvGeometry {
    /// Output pixels over the batch.
    let pixels: Double
    /// Filter taps per output pixel.
    let taps: Double
    /// (pixel, tap) pairs inside the input, and in the padding.
    let inside: Double
    let outside: Double
    let inChannels: Double
    let outChannels: Double

    init?(_ op: OpWorkload) {
        guard let w = op.window, op.inputShape.count == 4, op.outputShape.count == 4 else { return nil }
        let input = (height: op.inputShape[1], width: op.inputShape[2])
        let output = (height: op.outputShape[1], width: op.outputShape[2])
        let batch = Double(op.outputShape[0])
        pixels = batch * Double(output.height * output.width)
        taps = Double(w.kernelHeight * w.kernelWidth)
        inside = batch * Double(w.tapsInside(input: input, output: output))
        outside = pixels * taps - inside
        inChannels = Double(op.inputShape[3])
        outChannels = Double(op.outputShape[3])
    }
}
