import SpokenNN
import Testing

@Suite("Cycle model")
struct CycleModelTests {
    /// Milliseconds of the paper DS-CNN at 120 MHz.
    private func dscnnMilliseconds(_ flavor: KernelFlavor, _ optimization: OptimizationLevel = .speed) -> Double {
        let model = CycleModel(flavor: flavor, optimization: optimization)
        let cycles = DSCNNWorkloads.layers.reduce(0) { $0 + model.cost(of: $1).cycles }
        return Double(cycles) / 120e6 * 1e3
    }

    @Test("DS-CNN at 120 MHz: CMSIS-NN within 15% of MLPerf Tiny v1.0's 100 ms, reference above v0.5's 182 ms")
    func mlperfAnchor() {
        #expect(abs(dscnnMilliseconds(.cmsisNN) / 100 - 1) < 0.15)
        #expect(dscnnMilliseconds(.reference) >= 182)
    }

    @Test("the DS-CNN has about 2.7 M MACs")
    func dscnnMACs() {
        let macs = DSCNNWorkloads.layers.reduce(0) { $0 + $1.macs }
        #expect(macs == 320_000 + 4 * (72_000 + 512_000) + 768)
    }

    private func conv(inChannels: Int, outChannels: Int, kernel: Int, size: Int = 16) -> OpWorkload {
        OpWorkload(
            op: .conv2D, inputShape: [1, size, size, inChannels],
            filterShape: [outChannels, kernel, kernel, inChannels],
            outputShape: [1, size, size, outChannels],
            window: ConvWindow(
                padding: .same, input: (size, size), kernelHeight: kernel, kernelWidth: kernel,
                strideHeight: 1, strideWidth: 1))
    }

    private func depthwise(channels: Int, kernel: Int, multiplier: Int = 1, size: Int = 16) -> OpWorkload {
        OpWorkload(
            op: .depthwiseConv2D, inputShape: [1, size, size, channels],
            filterShape: [1, kernel, kernel, channels * multiplier],
            outputShape: [1, size, size, channels * multiplier],
            window: ConvWindow(
                padding: .same, input: (size, size), kernelHeight: kernel, kernelWidth: kernel,
                strideHeight: 1, strideWidth: 1),
            depthMultiplier: multiplier)
    }

    private func cyclesPerMAC(_ op: OpWorkload, _ model: CycleModel) -> Double {
        Double(model.cost(of: op).cycles) / Double(op.macs)
    }

    @Test("CMSIS-NN picks the function its wrappers pick for each shape")
    func cmsisDispatch() {
        let model = CycleModel(flavor: .cmsisNN, optimization: .speed)
        #expect(model.cost(of: conv(inChannels: 32, outChannels: 32, kernel: 1)).kernel == "arm_convolve_1x1_s8_fast")
        #expect(model.cost(of: conv(inChannels: 32, outChannels: 32, kernel: 3)).kernel == "arm_convolve_s8")
        #expect(model.cost(of: depthwise(channels: 32, kernel: 3)).kernel == "arm_depthwise_conv_3x3_s8")
        #expect(model.cost(of: depthwise(channels: 32, kernel: 5)).kernel == "arm_depthwise_conv_s8_opt")
        #expect(model.cost(of: depthwise(channels: 1, kernel: 3, multiplier: 8)).kernel == "arm_depthwise_conv_s8")
    }

    @Test("under CMSIS-NN a 3×3 depthwise MAC costs 2–4× a 1×1 conv MAC, and each lands in the published range")
    func shapeDependence() {
        let model = CycleModel(flavor: .cmsisNN, optimization: .speed)
        let pointwise = cyclesPerMAC(conv(inChannels: 64, outChannels: 64, kernel: 1), model)
        let depthwise3x3 = cyclesPerMAC(depthwise(channels: 64, kernel: 3), model)
        #expect(depthwise3x3 > 2 * pointwise)
        #expect((2...4).contains(pointwise))
        #expect((8...11).contains(depthwise3x3))
    }

    @Test("a convolution on one input channel costs several times more per MAC than one on many")
    func singleInputChannel() {
        let model = CycleModel(flavor: .cmsisNN, optimization: .speed)
        let single = cyclesPerMAC(conv(inChannels: 1, outChannels: 8, kernel: 3), model)
        let many = cyclesPerMAC(conv(inChannels: 64, outChannels: 64, kernel: 3), model)
        #expect(single > 3 * many)
    }

    @Test("single-channel depthwise under CMSIS-NN is no faster than the reference kernel")
    func singleChannelDepthwise() {
        let cmsis = CycleModel(flavor: .cmsisNN, optimization: .speed)
        let reference = CycleModel(flavor: .reference, optimization: .speed)
        let layer = depthwise(channels: 1, kernel: 5)
        #expect(cmsis.cost(of: layer).cycles >= reference.cost(of: layer).cycles)
        let multiplied = depthwise(channels: 1, kernel: 3, multiplier: 8)
        #expect(cyclesPerMAC(multiplied, cmsis) > 3 * cyclesPerMAC(depthwise(channels: 64, kernel: 3), cmsis) / 2)
    }

    @Test("under CMSIS-NN, fixed costs per call, row pair and window tap dominate small layers")
    func smallLayers() {
        let model = CycleModel(flavor: .cmsisNN, optimization: .speed)
        func dense(_ depth: Int, _ units: Int) -> Double {
            cyclesPerMAC(
                OpWorkload(
                    op: .fullyConnected, inputShape: [1, depth], filterShape: [units, depth], outputShape: [1, units]),
                model)
        }
        #expect(dense(8, 4) > 5 * dense(128, 128))
        func maxPool(channels: Int) -> Double {
            let op = OpWorkload(
                op: .maxPool2D, inputShape: [1, 16, 16, channels], outputShape: [1, 8, 8, channels],
                window: ConvWindow(kernelHeight: 2, kernelWidth: 2, strideHeight: 2, strideWidth: 2))
            return Double(model.cost(of: op).cycles) / Double(16 * 16 * channels)
        }
        #expect(maxPool(channels: 2) > 3 * maxPool(channels: 64))
        // An odd pixel count and an odd channel count each add a loop of their own.
        let even = model.cost(of: conv(inChannels: 8, outChannels: 8, kernel: 3, size: 4)).cycles
        let odd = model.cost(of: conv(inChannels: 8, outChannels: 7, kernel: 3, size: 3)).cycles
        #expect(Double(odd) > Double(even) * (9.0 * 7) / (16 * 8))
    }

    @Test("-Os costs the reference kernels more than twice -O2, CMSIS-NN much less")
    func optimizationLevel() {
        let referenceRatio = dscnnMilliseconds(.reference, .size) / dscnnMilliseconds(.reference, .speed)
        let cmsisRatio = dscnnMilliseconds(.cmsisNN, .size) / dscnnMilliseconds(.cmsisNN, .speed)
        #expect(referenceRatio > 2)
        #expect(cmsisRatio > 1 && cmsisRatio < 1.3)
    }

    @Test("non-MAC operators cost tens of thousands of cycles: mean over 25×5×64, a 100-class softmax")
    func nonMACOps() {
        let model = CycleModel(flavor: .cmsisNN, optimization: .speed)
        let mean = OpWorkload(op: .mean, inputShape: [1, 25, 5, 64], outputShape: [1, 64])
        let softmax = OpWorkload(op: .softmax, inputShape: [1, 100], outputShape: [1, 100])
        #expect((10_000...500_000).contains(model.cost(of: mean).cycles))
        #expect((10_000...500_000).contains(model.cost(of: softmax).cycles))
        #expect(model.cost(of: mean).macs == 0)
    }

    @Test("taps in the padding are told apart from taps inside the input")
    func paddingTaps() {
        let valid = ConvWindow(
            padding: .valid, input: (16, 16), kernelHeight: 3, kernelWidth: 3,
            strideHeight: 1, strideWidth: 1)
        #expect(valid.tapsInside(input: (16, 16), output: (14, 14)) == 14 * 14 * 9)
        let same = ConvWindow(
            padding: .same, input: (16, 16), kernelHeight: 3, kernelWidth: 3,
            strideHeight: 1, strideWidth: 1)
        #expect(same.padTop == 1 && same.padLeft == 1)
        // Per axis 16 positions × 3 taps minus the two that fall off the ends: 46.
        #expect(same.tapsInside(input: (16, 16), output: (16, 16)) == 46 * 46)
    }
}
