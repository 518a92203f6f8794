/// `FULLY_CONNECTED`, as TFLM's fully_connected.cc prepares it: int8 input of any rank read as rows of the filter's
/// depth, int8 `[units, depth]` filter (per-tensor or per-channel along dimension 0), optional int32 bias, int8
/// output of `rows × units` values.
struct FullyConnectedOperation: Operation {
    let kernel: FullyConnected
    let input: Int
    let output: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        let options = try context.options(
            { if case .fullyConnected(let o) = $0 { o } else { nil } }, "FullyConnectedOptions")
        guard options.weightsFormat == 0 else {
            throw context.error(.invalidOptions, "shuffled weights format \(options.weightsFormat) is not supported")
        }
        let operands = try WeightedOperands(context, filterRank: 2)
        (input, output) = (operands.input, operands.output)
        let (units, depth) = (context.shape(operands.filter)[0], context.shape(operands.filter)[1])
        let inputCount = context.elementCount(input)
        guard depth > 0, inputCount % depth == 0, context.elementCount(output) == inputCount / depth * units else {
            throw context.error(
                .invalidShape,
                "input \(context.tensor(input).shape), filter \(context.tensor(operands.filter).shape) "
                    + "and output \(context.tensor(output).shape) do not agree")
        }
        let filterScales = try operands.filterScales(context, channels: units)
        let (inQ, outQ) = (operands.inputQuantization, operands.outputQuantization)
        let parameters = try context.naming { () throws(ModelError) in
            try FullyConnectedParameters(
                inputCount: inputCount, accumulationDepth: depth, outputDepth: units,
                activation: options.fusedActivation, inputScale: inQ.scale, inputZeroPoint: inQ.zeroPoint,
                filterScales: filterScales, outputScale: outQ.scale, outputZeroPoint: outQ.zeroPoint)
        }
        kernel = try operands.withConstants(context) { FullyConnected(parameters: parameters, filter: $0, bias: $1) }
        // TfLiteFullyConnectedParams (activation, weights format, two bools, bias type), then 16 more
        // pointer-aligned bytes the pinned tflite-micro build allocates while parsing the op: measured from its
        // tail, not from its source.
        context.keepOptions([.int32, .int32, .bool, .bool, .int32], "TfLiteFullyConnectedParams")
        context.keepOptions([.pointer, .pointer], "FULLY_CONNECTED parse data")
        // TFLM's OpDataFullyConnected; per-channel multipliers and shifts only for a per-channel filter.
        context.keep(OpDataLayout.fullyConnected, "OpDataFullyConnected")
        if filterScales.count > 1 {
            context.keepArray(bytes: 4 * units, "per-channel multipliers")
            context.keepArray(bytes: 4 * units, "per-channel shifts")
        }
    }

    var hostScratchBytes: Int { kernel.scratchByteCount }

    func eval(_ memory: TensorMemory) {
        let p = kernel.parameters
        kernel.run(
            input: memory.int8Input(input, p.batches * p.accumulationDepth),
            output: memory.int8Output(output, p.batches * p.outputDepth), scratch: memory.hostScratch)
    }
}
