/// Runs a batch of inputs (the first axis of an array, one array per graph input) through a model, one element at a
/// time, and stacks the outputs the same way: what `spokend invoke` does.
///
/// Input types: int8 arrays go to an int8 input as they are; float32 arrays go to a float32 input (a model that
/// starts with QUANTIZE) as they are, and to an int8 input quantized with that tensor's scale and zero point exactly
/// as TFLM's QUANTIZE would (`round(x / scale) + zeroPoint`, clamped), so float features can be fed to a
/// full-integer model. Anything else (int8 to a float model, other dtypes, a shape that is not `[N] + input shape`)
/// is a `ModelError` naming both sides. Outputs keep the model's output type.
public struct BatchInvocation {
    public let interpreter: Interpreter

    public init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// Runs every element of `input` (shape `[N] + the model's input shape`; a leading model dimension of 1 may be
    /// left out) and returns the outputs, shape `[N] + output shape`.
    public func run(_ input: NPYFile) throws(ModelError) -> NPYFile {
        try run([input])
    }

    /// Runs a model with one array per graph input, in the graph's input order, all with the same batch size `N`,
    /// and returns the outputs, shape `[N] + output shape`.
    public func run(_ inputs: [NPYFile]) throws(ModelError) -> NPYFile {
        guard interpreter.inputs.count == inputs.count, interpreter.outputs.count == 1 else {
            throw ModelError(
                .inputMismatch,
                "model has \(interpreter.inputs.count) inputs and \(interpreter.outputs.count) outputs; "
                    + "spokend invoke runs models with one output, given one array per input (got \(inputs.count))")
        }
        var batch: Int?
        var items: [[UInt8]] = []
        for (position, input) in inputs.enumerated() {
            let tensor = interpreter.subgraph.tensors[interpreter.inputs[position]]
            let shape = tensor.shape.map(Int.init)
            let itemShape = Array(input.shape.dropFirst())
            guard !input.shape.isEmpty,
                itemShape == shape || (shape.first == 1 && itemShape == Array(shape.dropFirst()))
            else {
                throw ModelError(
                    .inputMismatch,
                    "input \(position) has shape \(input.shape) but the model takes \(shape) per batch element "
                        + "(want [N, \(shape.map(String.init).joined(separator: ", "))])")
            }
            guard batch == nil || batch == input.shape[0] else {
                throw ModelError(
                    .inputMismatch, "input \(position) has a batch of \(input.shape[0]), input 0 of \(batch ?? 0)")
            }
            batch = input.shape[0]
            items.append(try quantizedItems(input, for: tensor))
        }
        let count = batch ?? 0
        let outputTensor = interpreter.subgraph.tensors[interpreter.outputs[0]]
        let outputData = interpreter.tensorData(interpreter.outputs[0])
        var outputBytes: [UInt8] = []
        outputBytes.reserveCapacity(count * outputData.count)
        for item in 0..<count {
            for (position, bytes) in items.enumerated() {
                let inputData = interpreter.tensorData(interpreter.inputs[position])
                bytes.withUnsafeBytes { raw in
                    let start = item * inputData.count
                    inputData.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + inputData.count)]))
                }
            }
            interpreter.invoke()
            outputBytes += outputData
        }
        let outputShape = [count] + outputTensor.shape.map(Int.init)
        switch outputTensor.type {
        case .int8:
            return NPYFile(shape: outputShape, values: outputBytes.map { Int8(bitPattern: $0) })
        default:
            let floats = outputBytes.withUnsafeBytes { raw in
                (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
            }
            return NPYFile(shape: outputShape, values: floats)
        }
    }

    /// The input's elements as the bytes the input tensor takes.
    private func quantizedItems(_ input: NPYFile, for tensor: Tensor) throws(ModelError) -> [UInt8] {
        switch (input.elementType, tensor.type) {
        case (.int8, .int8), (.float32, .float32):
            return input.elementBytes
        case (.float32, .int8):
            guard let q = tensor.quantization, let scale = q.scale.first, let zeroPoint = q.zeroPoint.first else {
                throw ModelError(.invalidQuantization, "the model's int8 input has no scale to quantize floats with")
            }
            // Checked here too: an input no op reads was never checked at load.
            guard scale.isFinite, scale > 0, (-128...127).contains(zeroPoint) else {
                throw ModelError(
                    .invalidQuantization,
                    "the model's int8 input has scale \(scale) and zero point \(zeroPoint); "
                        + "floats cannot be quantized with them")
            }
            let floats: [Float] = try input.values()
            var bytes = [UInt8](repeating: 0, count: floats.count)
            floats.withUnsafeBufferPointer { source in
                bytes.withUnsafeMutableBytes { raw in
                    Quantize.run(
                        scale: scale, zeroPoint: Int32(zeroPoint), input: source,
                        output: raw.bindMemory(to: Int8.self))
                }
            }
            return bytes
        default:
            throw ModelError(
                .inputMismatch,
                "input array holds \(input.elementType.rawValue) but the model's input is "
                    + "\(tensor.type); give int8 or float32 values")
        }
    }
}
