/// One field of a table for `FlatbufferBuilder`: an inline scalar or an offset to a child object.
enum FlatbufferField {
    /// A scalar's little-endian bytes (1, 2, 4 or 8 of them).
    case scalar([UInt8])
    case child(FlatbufferNode)

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func int8(_ value: Int8) -> FlatbufferField { .scalar(littleEndian(value)) }
    static func uint8(_ value: UInt8) -> FlatbufferField { .scalar(littleEndian(value)) }
    static func bool(_ value: Bool) -> FlatbufferField { .scalar([value ? 1 : 0]) }
    static func int32(_ value: Int32) -> FlatbufferField { .scalar(littleEndian(value)) }
    static func uint32(_ value: UInt32) -> FlatbufferField { .scalar(littleEndian(value)) }
    static func float(_ value: Float) -> FlatbufferField { .scalar(littleEndian(value.bitPattern)) }

    /// Bytes the field occupies inside its table (an offset is 4).
    var size: Int {
        switch self {
        case .scalar(let bytes): bytes.count
        case .child: 4
        }
    }
}
