/// Writes a `FlatbufferNode` tree as a FlatBuffer, front to back.
///
/// Layout rules, so the C++ verifier (which checks alignment) and TFLite accept the result: a table's vtable comes
/// just before it (positive `soffset_t`), its fields follow the 4-byte `soffset_t` largest first from an 8-byte
/// boundary, so every scalar is naturally aligned; vectors are aligned for their elements; children come after
/// their parent and the parent's offset field is patched once the child's position is known.
struct FlatbufferBuilder {
    private(set) var bytes: [UInt8] = []

    /// A complete buffer: root offset, 4-byte file identifier, then the root table and everything it refers to.
    static func finish(root: FlatbufferNode, identifier: [UInt8]) -> [UInt8] {
        var builder = FlatbufferBuilder()
        builder.bytes = [0, 0, 0, 0] + identifier
        let position = builder.write(root)
        builder.patch(0, to: position)
        return builder.bytes
    }

    /// Pads with zeros until `count + offset` is a multiple of `alignment`.
    private mutating func align(_ alignment: Int, offset: Int = 0) {
        while (bytes.count + offset) % alignment != 0 { bytes.append(0) }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        FlatbufferField.append(value, to: &bytes)
    }

    /// Stores at `at` the `uoffset_t` from `at` to `target`.
    private mutating func patch(_ at: Int, to target: Int) {
        let value = UInt32(target - at).littleEndian
        withUnsafeBytes(of: value) { raw in
            for index in 0..<4 { bytes[at + index] = raw[index] }
        }
    }

    /// Writes `node` and the objects below it; returns the position that offsets to it must point at.
    private mutating func write(_ node: FlatbufferNode) -> Int {
        switch node {
        case .table(let fields):
            return writeTable(fields)
        case .scalars(let data, let elementSize, let alignment):
            align(max(alignment, 4), offset: 4)
            let position = bytes.count
            append(UInt32(data.count / elementSize))
            bytes += data
            return position
        case .string(let string):
            align(4)
            let position = bytes.count
            append(UInt32(string.utf8.count))
            bytes += string.utf8
            bytes.append(0)
            return position
        case .vector(let children):
            align(4)
            let position = bytes.count
            append(UInt32(children.count))
            let slots = bytes.count
            bytes += repeatElement(0, count: 4 * children.count)
            for (index, child) in children.enumerated() {
                patch(slots + 4 * index, to: write(child))
            }
            return position
        }
    }

    private mutating func writeTable(_ fields: [(slot: Int, field: FlatbufferField)]) -> Int {
        // Field layout inside the table: after the soffset, largest first (stable, so slot order breaks ties).
        let ordered = fields.enumerated().sorted {
            ($0.element.field.size, -$0.offset) > ($1.element.field.size, -$1.offset)
        }.map(\.element)
        let slotCount = (fields.map(\.slot).max() ?? -1) + 1
        var offsets = [Int](repeating: 0, count: slotCount)
        var size = 4
        for item in ordered {
            offsets[item.slot] = size
            size += item.field.size
        }

        align(2)
        let vtable = bytes.count
        append(UInt16(4 + 2 * slotCount))
        append(UInt16(size))
        for offset in offsets { append(UInt16(offset)) }
        align(8, offset: 4)
        let table = bytes.count
        append(Int32(table - vtable))
        var children: [(at: Int, node: FlatbufferNode)] = []
        for item in ordered {
            switch item.field {
            case .scalar(let value, let size):
                for byte in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
            case .child(let node):
                children.append((bytes.count, node))
                append(UInt32(0))
            }
        }
        for child in children {
            patch(child.at, to: write(child.node))
        }
        return table
    }
}
