/// `SOFTMAX` int8 → int8 over the last dimension, as TFLM's softmax.cc prepares it: the output quantized with
/// scale 1/256 and zero point -128 (TFLM refuses anything else), `beta` from `SoftmaxOptions`.
struct SoftmaxOperation: Operation {
    let kernel: Softmax
    let input: Int
    let output: Int
    let count: Int
    let depth: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        try context.expectCounts(inputs: 1...1, outputs: 1)
        let options = try context.options({ if case .softmax(let o) = $0 { o } else { nil } }, "SoftmaxOptions")
        input = try context.input(0)
        output = try context.output(0)
        try context.expectType(input, .int8, role: "input")
        try context.expectType(output, .int8, role: "output")
        guard context.shape(input) == context.shape(output), let last = context.shape(input).last, last > 0 else {
            throw context.error(
                .invalidShape,
                "input \(context.tensor(input).shape) and output \(context.tensor(output).shape) must "
                    + "match and be non-empty")
        }
        let inQ = try context.quantization(input, role: "input")
        let outQ = try context.quantization(output, role: "output")
        guard outQ.zeroPoint == -128, outQ.scale == 1.0 / 256 else {
            throw context.error(
                .invalidQuantization,
                "int8 output must have scale 1/256 and zero point -128, has \(outQ.scale) "
                    + "and \(outQ.zeroPoint)")
        }
        kernel = try context.naming { () throws(ModelError) in try Softmax(inputScale: inQ.scale, beta: options.beta) }
        count = context.elementCount(input)
        depth = last
        // TfLiteSoftmaxParams: beta.
        context.keepOptions([.int32], "TfLiteSoftmaxParams")
        // TFLite's SoftmaxParams: beta (double), 7 int32/float fields and 5 table pointers.
        context.keep(
            [.double] + .init(repeating: .int32, count: 7) + .init(repeating: .pointer, count: 5), "SoftmaxParams")
    }

    func eval(_ memory: TensorMemory) {
        kernel.run(depth: depth, input: memory.int8Input(input, count), output: memory.int8Output(output, count))
    }
}
