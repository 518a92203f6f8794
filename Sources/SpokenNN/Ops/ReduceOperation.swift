/// `MEAN` and `REDUCE_MAX` on int8 over constant axes, as TFLM's reduce.cc prepares them: the axes input a constant
/// int32 tensor, `keep_dims` from `ReducerOptions`, the output shape the reduced input shape. MEAN requantizes
/// between the input's and output's scales; REDUCE_MAX needs them equal.
struct ReduceOperation: Operation {
    enum Kind {
        case mean(Mean)
        case max(ReductionShape)
    }

    let kind: Kind
    let input: Int
    let output: Int
    let inputCount: Int
    let outputCount: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        try context.expectCounts(inputs: 2...2, outputs: 1)
        let options = try context.options({ if case .reducer(let o) = $0 { o } else { nil } }, "ReducerOptions")
        input = try context.input(0)
        output = try context.output(0)
        let axesTensor = try context.input(1)
        try context.expectType(input, .int8, role: "input")
        try context.expectType(output, .int8, role: "output")
        let axes = try context.constantInt32s(axesTensor, role: "axes")
        let inShape = context.shape(input)
        let shape = try context.naming { () throws(ModelError) in
            try ReductionShape(inputShape: inShape, axes: axes, keepDims: options.keepDims)
        }
        guard shape.outputCount == context.elementCount(output) else {
            throw context.error(
                .invalidShape, "output shape \(context.shape(output)) should be \(shape.outputShape)")
        }
        let inQ = try context.quantization(input, role: "input")
        let outQ = try context.quantization(output, role: "output")
        inputCount = shape.inputCount
        outputCount = shape.outputCount
        if context.code == .mean {
            kind = .mean(
                Mean(
                    shape: shape, inputScale: inQ.scale, inputZeroPoint: inQ.zeroPoint, outputScale: outQ.scale,
                    outputZeroPoint: outQ.zeroPoint))
            // TFLM's MEAN asks for an int32 accumulator per output element in the arena.
            _ = context.requestScratch(4 * shape.outputCount)
        } else {
            guard inQ == outQ else {
                throw context.error(.invalidQuantization, "input and output must share scale and zero point")
            }
            kind = .max(shape)
        }
        // TfLiteReducerParams: one bool.
        context.keepOptions([.bool], "TfLiteReducerParams")
        // TFLM's OpDataReduce: 11 int32/float fields (44 bytes in the pinned build); and scratch for its index walk: an int per input dimension
        // and one per axis (reduce_common.cc).
        context.keep(.init(repeating: .int32, count: 11), "OpDataReduce")
        _ = context.requestScratch(4 * inShape.count)
        _ = context.requestScratch(4 * axes.count)
    }

    func eval(_ memory: TensorMemory) {
        let input = memory.int8Input(input, inputCount)
        let output = memory.int8Output(output, outputCount)
        switch kind {
        case .mean(let mean): mean.run(input: input, output: output)
        case .max(let shape): ReduceMax.run(shape, input: input, output: output)
        }
    }
}
