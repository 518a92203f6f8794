/// One table of a FlatBuffer whose vtable has been checked: field lookups by slot, each bounds-checked against the
/// table's own size before use.
///
/// Slots are the schema's field order (0 for the first field); a field absent from the vtable (or stored with
/// offset 0) reads as its default, as in the generated FlatBuffers code.
struct FlatbufferTable {
    /// What the table is, for error messages ("Model.subgraphs[0].tensors[3].quantization"), kept in parts and put
    /// together only when a message needs it, so reading a valid model formats no names.
    struct Name: CustomStringConvertible, ExpressibleByStringLiteral {
        private let base: String
        private let index: Int?
        private let field: StaticString?

        /// A table named as is ("Model").
        init(stringLiteral base: String) {
            (self.base, index, field) = (base, nil, nil)
        }

        /// Element `index` of the vector of tables named `vector` ("Model.subgraphs[0].tensors[3]").
        init(_ vector: String, index: Int) {
            (base, self.index, field) = (vector, index, nil)
        }

        private init(base: String, index: Int?, field: StaticString) {
            (self.base, self.index, self.field) = (base, index, field)
        }

        /// The table in field `field` of this one ("….tensors[3].quantization").
        func child(_ field: StaticString) -> Name {
            self.field == nil
                ? Name(base: base, index: index, field: field) : Name(base: description, index: nil, field: field)
        }

        var description: String {
            var text = base
            if let index { text += "[\(index)]" }
            if let field { text += ".\(field)" }
            return text
        }
    }

    let tableName: Name
    let position: Int
    let vtable: Int
    let fieldCount: Int
    let size: Int

    /// What the table is, for error messages.
    var name: String { tableName.description }

    /// The absolute position of field `slot`, or nil when it is absent; throws when it would overrun the table.
    func field(_ slot: Int, size fieldSize: Int, in view: FlatbufferView) throws(ModelError) -> Int? {
        guard slot < fieldCount else { return nil }
        let offset = Int(try view.load(vtable + 4 + 2 * slot, as: UInt16.self, "\(name) vtable"))
        guard offset != 0 else { return nil }
        guard offset >= 4, offset + fieldSize <= size else {
            throw ModelError(
                .badTable,
                "\(name) table at byte \(position): field \(slot) at offset \(offset) lies outside the "
                    + "table's \(size) bytes")
        }
        return position + offset
    }

    func scalar<T: FixedWidthInteger>(_ slot: Int, _ defaultValue: T, in view: FlatbufferView) throws(ModelError) -> T {
        guard let at = try field(slot, size: MemoryLayout<T>.size, in: view) else { return defaultValue }
        return try view.load(at, as: T.self, "\(name) field \(slot)")
    }

    func float(_ slot: Int, _ defaultValue: Float, in view: FlatbufferView) throws(ModelError) -> Float {
        Float(bitPattern: try scalar(slot, defaultValue.bitPattern, in: view))
    }

    func bool(_ slot: Int, _ defaultValue: Bool, in view: FlatbufferView) throws(ModelError) -> Bool {
        try scalar(slot, UInt8(defaultValue ? 1 : 0), in: view) != 0
    }

    /// The position an offset field points to, or nil when the field is absent.
    func reference(_ slot: Int, in view: FlatbufferView) throws(ModelError) -> Int? {
        guard let at = try field(slot, size: 4, in: view) else { return nil }
        return try view.follow(at, "\(name) field \(slot)")
    }
}
