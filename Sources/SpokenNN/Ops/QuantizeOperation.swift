/// `QUANTIZE` (float32 → int8) and `DEQUANTIZE` (int8 → float32), as TFLM's quantize.cc and dequantize.cc prepare
/// them: same shape in and out, the int8 side's scale and zero point.
struct QuantizeOperation: Operation {
    let quantizes: Bool
    let scale: Float
    let zeroPoint: Int32
    let input: Int
    let output: Int
    let count: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        try context.expectCounts(inputs: 1...1, outputs: 1)
        input = try context.input(0)
        output = try context.output(0)
        quantizes = context.code == .quantize
        try context.expectType(input, quantizes ? .float32 : .int8, role: "input")
        try context.expectType(output, quantizes ? .int8 : .float32, role: "output")
        guard context.elementCount(input) == context.elementCount(output) else {
            throw context.error(
                .invalidShape, "input \(context.tensor(input).shape) and output \(context.tensor(output).shape) differ")
        }
        let q = try context.quantization(quantizes ? output : input, role: quantizes ? "output" : "input")
        (scale, zeroPoint) = (q.scale, q.zeroPoint)
        count = context.elementCount(input)
        // TFLM's OpDataQuantizeReference / DequantizeOpData: `QuantizationParams {int32 zero_point; double scale}`
        // and three int32. Neither op has builtin options.
        context.keep(
            [.int32, .double, .int32, .int32, .int32], quantizes ? "OpDataQuantizeReference" : "DequantizeOpData")
    }

    func eval(_ memory: TensorMemory) {
        if quantizes {
            Quantize.run(
                scale: scale, zeroPoint: zeroPoint,
                input: UnsafeBufferPointer(start: memory.float(input), count: count),
                output: memory.int8Output(output, count))
        } else {
            Dequantize.run(
                scale: scale, zeroPoint: zeroPoint, input: memory.int8Input(input, count),
                output: UnsafeMutableBufferPointer(start: memory.float(output), count: count))
        }
    }
}
