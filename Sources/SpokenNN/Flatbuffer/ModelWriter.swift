/// Writes a `Model` as a standard `.tflite` file that TFLite, TFLite Micro and Netron open.
///
/// Every field spokend keeps is written explicitly (defaults too), so `ModelReader.read(write(m)) == m`. Buffer data
/// are 16-byte aligned, as the TFLite converter writes them (TFLM reads int8/int32 tensors in place). Schema slots
/// follow tensorflow/lite/schema/schema.fbs.
public enum ModelWriter {
    /// The `.tflite` bytes of `model`; throws for operator options it cannot reproduce (`.unsupported`).
    public static func write(_ model: Model) throws(ModelError) -> [UInt8] {
        var subgraphs: [FlatbufferNode] = []
        for subgraph in model.subgraphs {
            subgraphs.append(try node(subgraph, model: model))
        }
        var fields: [(slot: Int, field: FlatbufferField)] = [
            (0, .uint32(model.version)),
            (1, .child(.vector(model.operatorCodes.map(node)))),
            (2, .child(.vector(subgraphs))),
            (4, .child(.vector(model.buffers.map(node)))),
            (6, .child(.vector(model.metadata.map(node)))),
        ]
        if let description = model.description { fields.append((3, .child(.string(description)))) }
        return FlatbufferBuilder.finish(root: .table(fields), identifier: ModelReader.identifier)
    }

    private static func node(_ code: OperatorCode) -> FlatbufferNode {
        var fields: [(slot: Int, field: FlatbufferField)] = [
            // Codes above 126 live only in builtin_code; the byte holds PLACEHOLDER_FOR_GREATER_OP_CODES (127).
            (0, .int8(Int8(clamping: min(code.builtin.rawValue, 127)))),
            (2, .int32(code.version)),
            (3, .int32(code.builtin.rawValue)),
        ]
        if let custom = code.customCode { fields.append((1, .child(.string(custom)))) }
        return .table(fields)
    }

    private static func node(_ buffer: Buffer) -> FlatbufferNode {
        guard !buffer.data.isEmpty else { return .table([]) }
        return .table([(0, .child(.scalars(bytes: buffer.data, elementSize: 1, alignment: 16)))])
    }

    private static func node(_ entry: Metadata) -> FlatbufferNode {
        .table([(0, .child(.string(entry.name))), (1, .uint32(entry.buffer))])
    }

    private static func node(_ subgraph: Subgraph, model: Model) throws(ModelError) -> FlatbufferNode {
        var operators: [FlatbufferNode] = []
        for (index, op) in subgraph.operators.enumerated() {
            operators.append(try node(op, index: index))
        }
        var fields: [(slot: Int, field: FlatbufferField)] = [
            (0, .child(.vector(subgraph.tensors.map(node)))),
            (1, .child(.int32s(subgraph.inputs))),
            (2, .child(.int32s(subgraph.outputs))),
            (3, .child(.vector(operators))),
        ]
        if let name = subgraph.name { fields.append((4, .child(.string(name)))) }
        return .table(fields)
    }

    private static func node(_ tensor: Tensor) -> FlatbufferNode {
        var fields: [(slot: Int, field: FlatbufferField)] = [
            (0, .child(.int32s(tensor.shape))),
            (1, .int8(tensor.type.rawValue)),
            (2, .uint32(tensor.buffer)),
            (5, .bool(tensor.isVariable)),
        ]
        if let name = tensor.name { fields.append((3, .child(.string(name)))) }
        if let q = tensor.quantization {
            fields.append(
                (
                    4,
                    .child(
                        .table([
                            (0, .child(.floats(q.min))), (1, .child(.floats(q.max))), (2, .child(.floats(q.scale))),
                            (3, .child(.int64s(q.zeroPoint))), (6, .int32(q.quantizedDimension)),
                        ]))
                ))
        }
        return .table(fields)
    }

    private static func node(_ op: Operator, index: Int) throws(ModelError) -> FlatbufferNode {
        var fields: [(slot: Int, field: FlatbufferField)] = [
            (0, .uint32(op.opcodeIndex)),
            (1, .child(.int32s(op.inputs))),
            (2, .child(.int32s(op.outputs))),
            (3, .uint8(op.options.typeCode)),
        ]
        if !op.intermediates.isEmpty { fields.append((8, .child(.int32s(op.intermediates)))) }
        let options: [(slot: Int, field: FlatbufferField)]?
        switch op.options {
        case .none:
            options = nil
        case .conv2D(let o):
            options = [
                (0, .int8(o.padding.rawValue)), (1, .int32(o.strideW)), (2, .int32(o.strideH)),
                (3, .int8(o.fusedActivation.rawValue)), (4, .int32(o.dilationW)), (5, .int32(o.dilationH)),
            ]
        case .depthwiseConv2D(let o):
            options = [
                (0, .int8(o.padding.rawValue)), (1, .int32(o.strideW)), (2, .int32(o.strideH)),
                (3, .int32(o.depthMultiplier)), (4, .int8(o.fusedActivation.rawValue)), (5, .int32(o.dilationW)),
                (6, .int32(o.dilationH)),
            ]
        case .fullyConnected(let o):
            options = [
                (0, .int8(o.fusedActivation.rawValue)), (1, .int8(o.weightsFormat)), (2, .bool(o.keepNumDims)),
                (3, .bool(o.asymmetricQuantizeInputs)),
            ]
        case .pool2D(let o):
            options = [
                (0, .int8(o.padding.rawValue)), (1, .int32(o.strideW)), (2, .int32(o.strideH)),
                (3, .int32(o.filterWidth)), (4, .int32(o.filterHeight)), (5, .int8(o.fusedActivation.rawValue)),
            ]
        case .reducer(let o):
            options = [(0, .bool(o.keepDims))]
        case .add(let o):
            options = [(0, .int8(o.fusedActivation.rawValue)), (1, .bool(o.potScaleInt16))]
        case .mul(let o):
            options = [(0, .int8(o.fusedActivation.rawValue))]
        case .reshape(let o):
            options = o.newShape.map { [(0, .child(.int32s($0)))] } ?? []
        case .softmax(let o):
            options = [(0, .float(o.beta))]
        case .unsupported(let type):
            throw ModelError(
                .unsupportedFeature, "operator \(index) has builtin options of type \(type), which spokend cannot write"
            )
        }
        if let options { fields.append((4, .child(.table(options)))) }
        return .table(fields)
    }
}
