/// `CONV_2D`, as TFLM's conv.cc prepares it: int8 NHWC input, int8 OHWI filter quantized per output channel along
/// dimension 0 (symmetric), optional int32 bias, int8 output of the shape the padding and strides give.
struct Conv2DOperation: Operation {
    let kernel: Conv2D
    let input: Int
    let output: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        let options = try context.options({ if case .conv2D(let o) = $0 { o } else { nil } }, "Conv2DOptions")
        let operands = try WeightedOperands(context, filterRank: 4)
        (input, output) = (operands.input, operands.output)
        let (inDepth, filterShape) = (context.shape(input).last ?? 0, context.shape(operands.filter))
        guard inDepth == filterShape[3] else {
            throw context.error(
                .invalidShape,
                "filter depth \(filterShape[3]) differs from input depth \(inDepth) "
                    + "(grouped convolution is not supported)")
        }
        let parameters = try operands.convolution(
            &context, padding: options.padding, strides: (options.strideH, options.strideW),
            dilations: (options.dilationH, options.dilationW), activation: options.fusedActivation,
            channels: filterShape[0], optionsName: "TfLiteConvParams")
        kernel = try operands.withConstants(context) { Conv2D(parameters: parameters, filter: $0, bias: $1) }
    }

    var hostScratchBytes: Int { kernel.scratchByteCount }

    func eval(_ memory: TensorMemory) {
        let p = kernel.parameters
        kernel.run(
            input: memory.int8Input(input, p.inputCount), output: memory.int8Output(output, p.outputCount),
            scratch: memory.hostScratch)
    }
}
