/// `AVERAGE_POOL_2D` and `MAX_POOL_2D`, as TFLM's pooling.cc prepares them: int8 NHWC input and output of the same
/// scale and zero point, window, strides and padding from `Pool2DOptions`, the fused activation as a clamp.
struct Pool2DOperation: Operation {
    let parameters: PoolParameters
    let isMax: Bool
    let input: Int
    let output: Int

    init(_ context: inout OperatorContext, isMax: Bool) throws(ModelError) {
        try context.expectCounts(inputs: 1...1, outputs: 1)
        let options = try context.options({ if case .pool2D(let o) = $0 { o } else { nil } }, "Pool2DOptions")
        self.isMax = isMax
        input = try context.input(0)
        output = try context.output(0)
        try context.expectType(input, .int8, role: "input")
        try context.expectType(output, .int8, role: "output")
        try context.expectRank(input, 4, role: "input")
        try context.expectRank(output, 4, role: "output")
        let inQ = try context.quantization(input, role: "input")
        let outQ = try context.quantization(output, role: "output")
        guard inQ == outQ else {
            throw context.error(.invalidQuantization, "input and output must share scale and zero point")
        }
        let inShape = context.shape(input)
        parameters = try context.naming { () throws(ModelError) in
            try PoolParameters(
                inputShape: inShape, filterHeight: Int(options.filterHeight), filterWidth: Int(options.filterWidth),
                strideHeight: Int(options.strideH), strideWidth: Int(options.strideW), padding: options.padding,
                activation: options.fusedActivation, outputScale: outQ.scale, outputZeroPoint: outQ.zeroPoint)
        }
        let expected = [inShape[0], parameters.outputHeight, parameters.outputWidth, inShape[3]]
        guard context.shape(output) == expected else {
            throw context.error(.invalidShape, "output shape \(context.shape(output)) should be \(expected)")
        }
        // TfLitePoolParams: 6 int32 fields and the computed padding (4 int32).
        context.keepOptions(.init(repeating: .int32, count: 10), "TfLitePoolParams")
        // TFLM's OpDataPooling: padding values (4 int32), the activation range as int32 and as float.
        context.keep(.init(repeating: .int32, count: 8), "OpDataPooling")
    }

    func eval(_ memory: TensorMemory) {
        let input = memory.int8Input(input, parameters.inputCount)
        let output = memory.int8Output(output, parameters.outputCount)
        if isMax {
            MaxPool2D.run(parameters, input: input, output: output)
        } else {
            AveragePool2D.run(parameters, input: input, output: output)
        }
    }
}
