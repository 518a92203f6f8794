/// `DEPTHWISE_CONV_2D`, as TFLM's depthwise_conv.cc prepares it: int8 NHWC input, int8 `[1, H, W, C * M]` filter
/// quantized per output channel along dimension 3 (symmetric), optional int32 bias, depth multiplier `M >= 1`.
struct DepthwiseConv2DOperation: Operation {
    let kernel: DepthwiseConv2D
    let input: Int
    let output: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        let options = try context.options(
            { if case .depthwiseConv2D(let o) = $0 { o } else { nil } }, "DepthwiseConv2DOptions")
        let operands = try WeightedOperands(context, filterRank: 4)
        (input, output) = (operands.input, operands.output)
        let (inDepth, filterShape) = (context.shape(input).last ?? 0, context.shape(operands.filter))
        let channels = filterShape[3]
        guard filterShape[0] == 1, inDepth > 0, channels % inDepth == 0 else {
            throw context.error(
                .invalidShape, "filter \(filterShape) does not fit input depth \(inDepth) (want [1, H, W, C * M])")
        }
        // TFLM derives the multiplier from the shapes and checks it against the option.
        let multiplier = channels / inDepth
        guard options.depthMultiplier <= 0 || Int(options.depthMultiplier) == multiplier else {
            throw context.error(
                .invalidOptions, "depth multiplier \(options.depthMultiplier) but the filter implies \(multiplier)")
        }
        let parameters = try operands.convolution(
            &context, padding: options.padding, strides: (options.strideH, options.strideW),
            dilations: (options.dilationH, options.dilationW), depthMultiplier: multiplier,
            activation: options.fusedActivation, channels: channels, optionsName: "TfLiteDepthwiseConvParams")
        kernel = try operands.withConstants(context) { DepthwiseConv2D(parameters: parameters, filter: $0, bias: $1) }
    }

    var hostScratchBytes: Int { kernel.scratchByteCount }

    func eval(_ memory: TensorMemory) {
        let p = kernel.parameters
        kernel.run(
            input: memory.int8Input(input, p.inputCount), output: memory.int8Output(output, p.outputCount),
            scratch: memory.hostScratch)
    }
}
