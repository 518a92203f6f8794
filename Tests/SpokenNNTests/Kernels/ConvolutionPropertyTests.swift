import Testing

@testable import SpokenNN

/// The optimized convolutions against TFLM's literal loops on random shapes, options, zero points and data,
/// including what the fixtures do not reach: batches, odd depths, channel counts off the SIMD blocks, -128 weights,
/// large strides and dilations, and every fused activation.
@Suite("Convolution properties")
struct ConvolutionPropertyTests {
    struct Case {
        var parameters: ConvolutionParameters
        var input: [Int8]
        var filter: [Int8]
        var bias: [Int32]
    }

    static func random(seed: UInt64, depthwise: Bool) throws -> Case {
        var g = SplitMix(seed: seed)
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &g) }
        let batches = int(1...2)
        let height = int(1...9)
        let width = int(1...9)
        let inputDepth = depthwise ? int(1...11) : int(1...19)
        let multiplier = depthwise ? int(1...3) : 1
        let outputDepth = depthwise ? inputDepth * multiplier : int(1...21)
        let filterHeight = int(1...4)
        let filterWidth = int(1...4)
        let dilationHeight = int(1...2)
        let dilationWidth = int(1...2)
        let padding: Padding = int(0...1) == 0 ? .same : .valid
        // VALID needs the effective filter to fit.
        let fits = (filterHeight - 1) * dilationHeight < height && (filterWidth - 1) * dilationWidth < width
        let activation: [FusedActivation] = [.none, .relu, .relu6, .reluN1To1]
        let p = try ConvolutionParameters(
            inputShape: [batches, height, width, inputDepth], filterHeight: filterHeight, filterWidth: filterWidth,
            outputDepth: outputDepth, padding: fits ? padding : .same, strideHeight: int(1...3),
            strideWidth: int(1...3), dilationHeight: dilationHeight, dilationWidth: dilationWidth,
            depthMultiplier: multiplier, activation: activation[int(0...3)],
            inputScale: Float.random(in: 0.005...0.1, using: &g), inputZeroPoint: Int32(int(-128...127)),
            filterScales: (0..<outputDepth).map { _ in Float.random(in: 0.001...0.05, using: &g) },
            outputScale: Float.random(in: 0.01...0.2, using: &g), outputZeroPoint: Int32(int(-128...127)))
        let filterCount =
            depthwise ? filterHeight * filterWidth * outputDepth : outputDepth * filterHeight * filterWidth * inputDepth
        return Case(
            parameters: p, input: (0..<p.inputCount).map { _ in Int8.random(in: .min ... .max, using: &g) },
            filter: (0..<filterCount).map { _ in Int8.random(in: .min ... .max, using: &g) },
            bias: (0..<outputDepth).map { _ in Int32.random(in: -20_000...20_000, using: &g) })
    }

    @Test("CONV_2D equals TFLM's reference loop", arguments: 0..<150)
    func conv(seed: Int) throws {
        let c = try Self.random(seed: UInt64(seed), depthwise: false)
        let kernel = c.filter.withUnsafeBufferPointer { f in
            c.bias.withUnsafeBufferPointer { Conv2D(parameters: c.parameters, filter: f, bias: $0) }
        }
        let output = KernelRunner.run(kernel, input: c.input, outputCount: c.parameters.outputCount)
        #expect(output == ReferenceConvolution.conv(c.parameters, input: c.input, filter: c.filter, bias: c.bias))
    }

    @Test("DEPTHWISE_CONV_2D equals TFLM's reference loop", arguments: 0..<150)
    func depthwise(seed: Int) throws {
        let c = try Self.random(seed: UInt64(seed) + 10_000, depthwise: true)
        let kernel = c.filter.withUnsafeBufferPointer { f in
            c.bias.withUnsafeBufferPointer { DepthwiseConv2D(parameters: c.parameters, filter: f, bias: $0) }
        }
        let output = KernelRunner.run(kernel, input: c.input, outputCount: c.parameters.outputCount)
        #expect(output == ReferenceConvolution.depthwise(c.parameters, input: c.input, filter: c.filter, bias: c.bias))
    }

    @Test("FULLY_CONNECTED equals CONV_2D 1x1 and TFLM's loop, over batches and odd depths", arguments: 0..<60)
    func fullyConnected(seed: Int) throws {
        var g = SplitMix(seed: UInt64(seed) + 20_000)
        let batches = Int.random(in: 1...5, using: &g)
        let depth = Int.random(in: 1...70, using: &g)
        let outputs = Int.random(in: 1...40, using: &g)
        let conv = try ConvolutionParameters(
            inputShape: [batches, 1, 1, depth], filterHeight: 1, filterWidth: 1, outputDepth: outputs,
            padding: .valid, strideHeight: 1, strideWidth: 1, activation: .relu, inputScale: 0.05,
            inputZeroPoint: Int32.random(in: -128...127, using: &g),
            filterScales: (0..<outputs).map { _ in Float.random(in: 0.001...0.02, using: &g) }, outputScale: 0.1,
            outputZeroPoint: Int32.random(in: -128...127, using: &g))
        let p = FullyConnectedParameters(
            batches: batches, accumulationDepth: depth, outputDepth: outputs, inputZeroPoint: conv.inputZeroPoint,
            filterZeroPoint: 0, outputZeroPoint: conv.outputZeroPoint, activation: conv.activation,
            multipliers: conv.multipliers)
        let input = (0..<(batches * depth)).map { _ in Int8.random(in: .min ... .max, using: &g) }
        let filter = (0..<(outputs * depth)).map { _ in Int8.random(in: .min ... .max, using: &g) }
        let bias = (0..<outputs).map { _ in Int32.random(in: -5000...5000, using: &g) }
        let kernel = filter.withUnsafeBufferPointer { f in
            bias.withUnsafeBufferPointer { FullyConnected(parameters: p, filter: f, bias: $0) }
        }
        let output = KernelRunner.run(kernel, input: input, outputCount: batches * outputs)
        #expect(output == ReferenceConvolution.conv(conv, input: input, filter: filter, bias: bias))
    }
}
