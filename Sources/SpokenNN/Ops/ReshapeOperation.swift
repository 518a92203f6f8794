/// `RESHAPE`: the same bytes under a new shape. TFLM's reshape.cc: the output's element count must equal the
/// input's; the new shape comes from the second input or the options, and the output tensor already carries it.
/// Eval copies the data when input and output are different buffers (the planner gives them different ones).
struct ReshapeOperation: Operation {
    let input: Int
    let output: Int
    let bytes: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        try context.expectCounts(inputs: 1...2, outputs: 1)
        input = try context.input(0)
        output = try context.output(0)
        let (inType, outType) = (context.tensor(input).type, context.tensor(output).type)
        guard inType == outType else {
            throw context.error(.unsupportedType, "input is \(inType) but output is \(outType)")
        }
        guard context.elementCount(input) == context.elementCount(output) else {
            throw context.error(
                .invalidShape,
                "cannot reshape \(context.tensor(input).shape) to \(context.tensor(output).shape): element counts differ"
            )
        }
        bytes = context.elementCount(input) * (inType.byteSize ?? 1)
        // TfLiteReshapeParams: shape[8] and its length. TFLM's reshape keeps no OpData.
        context.keepOptions(.init(repeating: .int32, count: 9), "TfLiteReshapeParams")
    }

    func eval(_ memory: TensorMemory) {
        Reshape.run(
            input: UnsafeRawBufferPointer(start: memory.raw(input), count: bytes),
            output: UnsafeMutableRawBufferPointer(start: memory.raw(output), count: bytes))
    }
}
