/// The operands that CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED share, checked as TFLM's Prepare checks them:
/// int8 input, constant int8 filter, optional constant int32 bias with one value per output channel, int8 output,
/// per-tensor input/output quantization and symmetric per-tensor or per-channel filter scales.
struct WeightedOperands {
    let input: Int
    let filter: Int
    let bias: Int?
    let output: Int
    let inputQuantization: (scale: Float, zeroPoint: Int32)
    let outputQuantization: (scale: Float, zeroPoint: Int32)

    init(_ context: OperatorContext, filterRank: Int) throws(ModelError) {
        try context.expectCounts(inputs: 2...3, outputs: 1)
        input = try context.input(0)
        filter = try context.input(1)
        bias = context.optionalInput(2)
        output = try context.output(0)
        try context.expectType(input, .int8, role: "input")
        try context.expectType(filter, .int8, role: "filter")
        try context.expectType(output, .int8, role: "output")
        try context.expectRank(filter, filterRank, role: "filter")
        if let bias { try context.expectType(bias, .int32, role: "bias") }
        inputQuantization = try context.quantization(input, role: "input")
        outputQuantization = try context.quantization(output, role: "output")
    }

    /// The filter's scales for `channels` output channels, after checking the bias has one value per channel.
    func filterScales(_ context: OperatorContext, channels: Int) throws(ModelError) -> [Float] {
        if let bias, context.elementCount(bias) != channels {
            throw context.error(
                .invalidShape, "bias has \(context.elementCount(bias)) values for \(channels) output channels")
        }
        return try context.channelScales(filter, channels: channels, role: "filter")
    }

    /// Calls `body` with the filter's and the bias's constant data (the kernels copy and repack them).
    func withConstants<R>(
        _ context: OperatorContext,
        _ body: (UnsafeBufferPointer<Int8>, UnsafeBufferPointer<Int32>?) throws(ModelError) -> R
    ) throws(ModelError) -> R {
        try context.withConstant(filter, as: Int8.self, role: "filter") { (weights) throws(ModelError) in
            try context.withConstant(bias, as: Int32.self, role: "bias") { (biasValues) throws(ModelError) in
                try body(weights!, biasValues)
            }
        }
    }

    /// The parameters of a (depthwise) convolution with `channels` outputs, after checking the output shape they
    /// imply; records what TFLM keeps for it (options struct named `optionsName`, `OpDataConv`, per-channel arrays).
    func convolution(
        _ context: inout OperatorContext, padding: Padding, strides: (h: Int32, w: Int32),
        dilations: (h: Int32, w: Int32), depthMultiplier: Int = 1, activation: FusedActivation, channels: Int,
        optionsName: String
    ) throws(ModelError) -> ConvolutionParameters {
        try context.expectRank(input, 4, role: "input")
        try context.expectRank(output, 4, role: "output")
        let (inShape, filterShape) = (context.shape(input), context.shape(filter))
        let scales = try filterScales(context, channels: channels)
        let (inQ, outQ) = (inputQuantization, outputQuantization)
        let parameters = try context.naming { () throws(ModelError) in
            try ConvolutionParameters(
                inputShape: inShape, filterHeight: filterShape[1], filterWidth: filterShape[2], outputDepth: channels,
                padding: padding, strideHeight: Int(strides.h), strideWidth: Int(strides.w),
                dilationHeight: Int(dilations.h), dilationWidth: Int(dilations.w), depthMultiplier: depthMultiplier,
                activation: activation, inputScale: inQ.scale, inputZeroPoint: inQ.zeroPoint, filterScales: scales,
                outputScale: outQ.scale, outputZeroPoint: outQ.zeroPoint)
        }
        let expected = [inShape[0], parameters.outputHeight, parameters.outputWidth, channels]
        guard context.shape(output) == expected else {
            throw context.error(.invalidShape, "output shape \(context.shape(output)) should be \(expected)")
        }
        // The options struct (7 int32 fields), TFLM's OpDataConv and its per-channel multipliers and shifts.
        context.keepOptions(.init(repeating: .int32, count: 7), optionsName)
        context.keep(OpDataLayout.conv, "OpDataConv")
        context.keepArray(bytes: 4 * channels, "per-channel multipliers")
        context.keepArray(bytes: 4 * channels, "per-channel shifts")
        return parameters
    }
}
