/// One table of a FlatBuffer whose vtable has been checked: field lookups by slot, each bounds-checked against the
/// table's own size before use.
///
/// Slots are the schema's field order (0 for the first field); a field absent from the vtable (or stored with
/// offset 0) reads as its default, as in the generated FlatBuffers code.
struct FlatbufferTable {
    let name: String
    let position: Int
    let vtable: Int
    let fieldCount: Int
    let size: Int

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
