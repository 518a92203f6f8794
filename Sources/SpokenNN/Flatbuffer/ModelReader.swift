import Foundation

/// Reads a `.tflite` file (schema `tflite::Model`, identifier `TFL3`) into a `Model`, verifying it on the way.
///
/// Every offset, vtable, vector, string, union and index is checked before use (see `FlatbufferView`), so a
/// truncated, corrupted or hostile file gives a `ModelError` naming what is wrong, never a crash. Buffer data are
/// slices of the file's bytes, not copies. Schema slots below follow tensorflow/lite/schema/schema.fbs.
public struct ModelReader {
    private var view: FlatbufferView

    /// The file identifier at bytes 4–7 of every TFLite flatbuffer.
    public static let identifier: [UInt8] = Array("TFL3".utf8)

    private init(_ bytes: [UInt8]) {
        view = FlatbufferView(bytes)
    }

    /// Reads and verifies a model from its file bytes.
    public static func read(_ bytes: [UInt8]) throws(ModelError) -> Model {
        var reader = ModelReader(bytes)
        return try reader.model()
    }

    /// Reads and verifies the model file at `path`.
    public static func read(contentsOf path: String) throws(ModelError) -> Model {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(.truncated, "cannot read model file \(path)")
        }
        do {
            return try read([UInt8](data))
        } catch {
            throw ModelError(error.code, "\(path): \(error.detail)")
        }
    }

    private mutating func model() throws(ModelError) -> Model {
        guard view.count >= 8 else {
            throw ModelError(.truncated, "model file is \(view.count) bytes, too short for a TFLite flatbuffer")
        }
        guard Array(view.bytes[4..<8]) == Self.identifier else {
            throw ModelError(.badIdentifier, "not a TFLite model: file identifier is not TFL3")
        }
        let root = try view.table(at: try view.follow(0, "root offset"), "Model")
        let version = try root.scalar(0, UInt32(0), in: view)
        for (slot, what) in [(8, "external buffer groups"), (9, "external buffers")]
        where try root.reference(slot, in: view) != nil {
            throw ModelError(
                .unsupportedFeature, "model uses \(what) (Model field \(slot)), which spokend does not read")
        }

        let buffers = try list(root, 4, "Model.buffers") { (r: inout ModelReader, t) throws(ModelError) in
            try r.buffer(t)
        }
        let operatorCodes = try list(root, 1, "Model.operator_codes") { (r: inout ModelReader, t) throws(ModelError) in
            try r.operatorCode(t)
        }
        let metadata = try list(root, 6, "Model.metadata") { (r: inout ModelReader, t) throws(ModelError) in
            try r.metadata(t)
        }
        for (index, entry) in metadata.enumerated() where Int(entry.buffer) >= buffers.count {
            throw ModelError(
                .badReference,
                "metadata \(index) (\(entry.name)) refers to buffer \(entry.buffer) of \(buffers.count)")
        }
        let subgraphs = try list(root, 2, "Model.subgraphs") { (r: inout ModelReader, t) throws(ModelError) in
            try r.subgraph(t, buffers: buffers.count, operatorCodes: operatorCodes.count)
        }
        guard !subgraphs.isEmpty else { throw ModelError(.malformed, "model has no subgraph") }
        let description = try optionalString(root, 3, "Model.description")
        return Model(
            version: version, operatorCodes: operatorCodes, subgraphs: subgraphs, description: description,
            buffers: buffers, metadata: metadata)
    }

    // MARK: - Tables

    private mutating func buffer(_ table: FlatbufferTable) throws(ModelError) -> Buffer {
        let offset = try table.scalar(1, UInt64(0), in: view)
        let size = try table.scalar(2, UInt64(0), in: view)
        if offset > 1 {
            // Large models keep buffer data after the flatbuffer; `offset` counts from the start of the file.
            guard offset <= UInt64(view.count), size <= UInt64(view.count) - offset else {
                throw ModelError(
                    .offsetOutOfBounds,
                    "\(table.name) stores \(size) bytes at file offset \(offset), outside the \(view.count)-byte file")
            }
            return Buffer(view.bytes[Int(offset)..<Int(offset + size)])
        }
        guard let at = try table.reference(0, in: view) else { return Buffer() }
        let (start, count) = try view.vector(at: at, elementSize: 1, "\(table.name).data")
        return Buffer(view.bytes[start..<(start + count)])
    }

    private mutating func operatorCode(_ table: FlatbufferTable) throws(ModelError) -> OperatorCode {
        let deprecated = try table.scalar(0, Int8(0), in: view)
        let builtin = try table.scalar(3, Int32(0), in: view)
        // As TFLite's GetBuiltinCode: old files set only the byte, new ones both; the larger is the real code.
        let code = max(builtin, Int32(deprecated))
        guard code >= 0 else {
            throw ModelError(.malformed, "\(table.name) has a negative builtin code \(code)")
        }
        let version = try table.scalar(2, Int32(1), in: view)
        let custom = try optionalString(table, 1, "\(table.name).custom_code")
        return OperatorCode(BuiltinOperator(rawValue: code), version: version, customCode: custom)
    }

    private mutating func metadata(_ table: FlatbufferTable) throws(ModelError) -> Metadata {
        let name = try optionalString(table, 0, "\(table.name).name") ?? ""
        return Metadata(name: name, buffer: try table.scalar(1, UInt32(0), in: view))
    }

    private mutating func subgraph(_ table: FlatbufferTable, buffers: Int, operatorCodes: Int) throws(ModelError)
        -> Subgraph
    {
        let tensors = try list(table, 0, "\(table.name).tensors") { (r: inout ModelReader, t) throws(ModelError) in
            try r.tensor(t, buffers: buffers)
        }
        let inputs = try indices(table, 1, "\(table.name).inputs", count: tensors.count, optional: false)
        let outputs = try indices(table, 2, "\(table.name).outputs", count: tensors.count, optional: false)
        let operators = try list(table, 3, "\(table.name).operators") { (r: inout ModelReader, t) throws(ModelError) in
            try r.operator(t, tensors: tensors.count, operatorCodes: operatorCodes)
        }
        return Subgraph(
            tensors: tensors, inputs: inputs, outputs: outputs, operators: operators,
            name: try optionalString(table, 4, "\(table.name).name"))
    }

    private mutating func tensor(_ table: FlatbufferTable, buffers: Int) throws(ModelError) -> Tensor {
        let shape = try optionalScalars(table, 0, Int32.self, "\(table.name).shape") ?? []
        let type = TensorType(rawValue: try table.scalar(1, Int8(0), in: view))
        let buffer = try table.scalar(2, UInt32(0), in: view)
        guard Int(buffer) < max(buffers, 1) else {
            throw ModelError(.badReference, "\(table.name) refers to buffer \(buffer) but the model has \(buffers)")
        }
        if try table.reference(6, in: view) != nil {
            throw ModelError(.unsupportedFeature, "\(table.name) is sparse, which spokend does not support")
        }
        if try table.scalar(10, UInt32(0), in: view) != 0 {
            throw ModelError(
                .unsupportedFeature, "\(table.name) uses an external buffer, which spokend does not support")
        }
        var quantization: QuantizationParameters?
        if let at = try table.reference(4, in: view) {
            quantization = try quantizationParameters(try view.table(at: at, table.tableName.child("quantization")))
        }
        return Tensor(
            shape: shape, type: type, buffer: buffer, name: try optionalString(table, 3, "\(table.name).name"),
            quantization: quantization, isVariable: try table.bool(5, false, in: view))
    }

    private mutating func quantizationParameters(_ table: FlatbufferTable) throws(ModelError)
        -> QuantizationParameters
    {
        if try table.scalar(4, UInt8(0), in: view) != 0 {
            throw ModelError(
                .unsupportedFeature,
                "\(table.name) uses custom or blockwise quantization, which spokend does not support")
        }
        return QuantizationParameters(
            scale: try floats(table, 2, "\(table.name).scale"),
            zeroPoint: try optionalScalars(table, 3, Int64.self, "\(table.name).zero_point") ?? [],
            quantizedDimension: try table.scalar(6, Int32(0), in: view),
            min: try floats(table, 0, "\(table.name).min"), max: try floats(table, 1, "\(table.name).max"))
    }

    private mutating func `operator`(_ table: FlatbufferTable, tensors: Int, operatorCodes: Int) throws(ModelError)
        -> Operator
    {
        let opcodeIndex = try table.scalar(0, UInt32(0), in: view)
        guard Int(opcodeIndex) < operatorCodes else {
            throw ModelError(
                .badReference, "\(table.name) refers to operator code \(opcodeIndex) but the model has \(operatorCodes)"
            )
        }
        let inputs = try indices(table, 1, "\(table.name).inputs", count: tensors, optional: true)
        let outputs = try indices(table, 2, "\(table.name).outputs", count: tensors, optional: false)
        let intermediates = try indices(table, 8, "\(table.name).intermediates", count: tensors, optional: false)
        let type = try table.scalar(3, UInt8(0), in: view)
        let at = try table.reference(4, in: view)
        let options: BuiltinOptions
        if type == BuiltinOptions.TypeCode.none {
            options = .none
        } else if let at {
            options = try builtinOptions(type, try view.table(at: at, table.tableName.child("builtin_options")))
        } else {
            throw ModelError(.badUnion, "\(table.name) has builtin options of type \(type) but no options table")
        }
        return Operator(
            opcodeIndex: opcodeIndex, inputs: inputs, outputs: outputs, options: options,
            intermediates: intermediates)
    }

    private mutating func builtinOptions(_ type: UInt8, _ table: FlatbufferTable) throws(ModelError)
        -> BuiltinOptions
    {
        typealias Code = BuiltinOptions.TypeCode
        let t = table
        switch type {
        case Code.conv2D:
            return .conv2D(
                Conv2DOptions(
                    padding: try padding(t, 0), strideW: try t.scalar(1, Int32(0), in: view),
                    strideH: try t.scalar(2, Int32(0), in: view), fusedActivation: try activation(t, 3),
                    dilationW: try t.scalar(4, Int32(1), in: view), dilationH: try t.scalar(5, Int32(1), in: view)))
        case Code.depthwiseConv2D:
            return .depthwiseConv2D(
                DepthwiseConv2DOptions(
                    padding: try padding(t, 0), strideW: try t.scalar(1, Int32(0), in: view),
                    strideH: try t.scalar(2, Int32(0), in: view), depthMultiplier: try t.scalar(3, Int32(0), in: view),
                    fusedActivation: try activation(t, 4), dilationW: try t.scalar(5, Int32(1), in: view),
                    dilationH: try t.scalar(6, Int32(1), in: view)))
        case Code.fullyConnected:
            return .fullyConnected(
                FullyConnectedOptions(
                    fusedActivation: try activation(t, 0), weightsFormat: try t.scalar(1, Int8(0), in: view),
                    keepNumDims: try t.bool(2, false, in: view),
                    asymmetricQuantizeInputs: try t.bool(3, false, in: view)
                ))
        case Code.pool2D:
            return .pool2D(
                Pool2DOptions(
                    padding: try padding(t, 0), strideW: try t.scalar(1, Int32(0), in: view),
                    strideH: try t.scalar(2, Int32(0), in: view), filterWidth: try t.scalar(3, Int32(0), in: view),
                    filterHeight: try t.scalar(4, Int32(0), in: view), fusedActivation: try activation(t, 5)))
        case Code.reducer:
            return .reducer(ReducerOptions(keepDims: try t.bool(0, false, in: view)))
        case Code.add:
            return .add(
                AddOptions(fusedActivation: try activation(t, 0), potScaleInt16: try t.bool(1, true, in: view)))
        case Code.mul:
            return .mul(MulOptions(fusedActivation: try activation(t, 0)))
        case Code.reshape:
            return .reshape(ReshapeOptions(newShape: try optionalScalars(t, 0, Int32.self, "\(t.name).new_shape")))
        case Code.softmax:
            return .softmax(SoftmaxOptions(beta: try t.float(0, 0, in: view)))
        default:
            return .unsupported(type: type)
        }
    }

    // MARK: - Helpers

    private func padding(_ table: FlatbufferTable, _ slot: Int) throws(ModelError) -> Padding {
        let raw = try table.scalar(slot, Int8(0), in: view)
        guard let padding = Padding(rawValue: raw) else {
            throw ModelError(.invalidOptions, "\(table.name) has an unknown padding \(raw)")
        }
        return padding
    }

    private func activation(_ table: FlatbufferTable, _ slot: Int) throws(ModelError) -> FusedActivation {
        let raw = try table.scalar(slot, Int8(0), in: view)
        guard let activation = FusedActivation(rawValue: raw) else {
            throw ModelError(.invalidOptions, "\(table.name) has an unknown fused activation \(raw)")
        }
        return activation
    }

    // What an element is (`what`) is only formatted when an error names it: a valid model formats no names.

    private mutating func optionalString(
        _ table: FlatbufferTable, _ slot: Int, _ what: @autoclosure () -> String
    ) throws(ModelError) -> String? {
        guard let at = try table.reference(slot, in: view) else { return nil }
        return try view.string(at: at, what())
    }

    private mutating func optionalScalars<T: FixedWidthInteger>(
        _ table: FlatbufferTable, _ slot: Int, _ type: T.Type, _ what: @autoclosure () -> String
    ) throws(ModelError) -> [T]? {
        guard let at = try table.reference(slot, in: view) else { return nil }
        return try view.scalars(at: at, as: T.self, what())
    }

    /// A vector of floats, empty when the field is absent.
    private mutating func floats(_ table: FlatbufferTable, _ slot: Int, _ what: @autoclosure () -> String)
        throws(ModelError) -> [Float]
    {
        guard let at = try table.reference(slot, in: view) else { return [] }
        return try view.floats(at: at, what())
    }

    /// A vector of tensor indices, each checked to be in `0..<count` (or -1, an omitted input, when `optional`).
    private mutating func indices(
        _ table: FlatbufferTable, _ slot: Int, _ what: @autoclosure () -> String, count: Int, optional: Bool
    ) throws(ModelError) -> [Int32] {
        let values = try optionalScalars(table, slot, Int32.self, what()) ?? []
        for (position, value) in values.enumerated()
        where !(value >= 0 && Int(value) < count) && !(optional && value == -1) {
            throw ModelError(
                .badReference, "\(what())[\(position)] refers to tensor \(value) but there are \(count)")
        }
        return values
    }

    /// Reads a vector of tables with `element`, naming each by its position for error messages.
    private mutating func list<T>(
        _ table: FlatbufferTable, _ slot: Int, _ what: @autoclosure () -> String,
        _ element: (inout ModelReader, FlatbufferTable) throws(ModelError) -> T
    ) throws(ModelError) -> [T] {
        guard let at = try table.reference(slot, in: view) else { return [] }
        let tables = try view.tables(at: at, what())
        var result: [T] = []
        result.reserveCapacity(tables.count)
        for item in tables {
            result.append(try element(&self, item))
        }
        return result
    }
}
