import SpokenNN

/// A `Model` under construction: tensors, buffers, operator codes and operators appended in order, the way the
/// exporter lays out a converter-style int8 model (buffer 0 the empty sentinel, each constant in its own buffer).
struct ModelAssembly {
    private(set) var tensors: [Tensor] = []
    private(set) var buffers: [Buffer] = [Buffer()]
    private(set) var codes: [OperatorCode] = []
    private(set) var operators: [Operator] = []

    /// An activation tensor (no data): int8 `shape` with `quantization`.
    mutating func activation(_ shape: [Int], _ quantization: AffineQuantization, name: String) -> Int32 {
        tensors.append(
            Tensor(
                shape: shape.map { Int32($0) }, type: .int8, name: name,
                quantization: QuantizationParameters(
                    scale: [quantization.scale], zeroPoint: [Int64(quantization.zeroPoint)])))
        return Int32(tensors.count - 1)
    }

    /// A constant tensor holding `values` (little-endian) in a buffer of its own.
    mutating func constant<T: FixedWidthInteger>(
        _ values: [T], shape: [Int], type: TensorType, name: String, quantization: QuantizationParameters? = nil
    ) -> Int32 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * MemoryLayout<T>.size)
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        buffers.append(Buffer(bytes))
        tensors.append(
            Tensor(
                shape: shape.map { Int32($0) }, type: type, buffer: UInt32(buffers.count - 1), name: name,
                quantization: quantization))
        return Int32(tensors.count - 1)
    }

    /// Appends an operator, registering its code (with the converter's version for int8) on first use.
    mutating func add(
        _ op: BuiltinOperator, version: Int32, inputs: [Int32], outputs: [Int32], options: BuiltinOptions
    ) {
        if !codes.contains(where: { $0.builtin == op }) { codes.append(OperatorCode(op, version: version)) }
        let index = UInt32(codes.firstIndex { $0.builtin == op }!)
        operators.append(Operator(opcodeIndex: index, inputs: inputs, outputs: outputs, options: options))
    }

    /// The finished single-subgraph model.
    func model(input: Int32, output: Int32, description: String) -> Model {
        Model(
            operatorCodes: codes,
            subgraphs: [
                Subgraph(tensors: tensors, inputs: [input], outputs: [output], operators: operators, name: "main")
            ],
            description: description, buffers: buffers)
    }
}
