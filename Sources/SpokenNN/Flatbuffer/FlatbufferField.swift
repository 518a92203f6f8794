/// One field of a table for `FlatbufferBuilder`: an inline scalar or an offset to a child object.
///
/// A scalar is kept as its bit pattern widened to 64 bits and its width, not as an array of bytes, so describing a
/// model's tables allocates nothing per field (model loading and the fuzzer's round trip write every field).
enum FlatbufferField {
    /// A scalar's bit pattern (zero-extended) and its width in bytes (1, 2, 4 or 8).
    case scalar(UInt64, size: Int)
    case child(FlatbufferNode)

    static func int8(_ value: Int8) -> FlatbufferField { .scalar(UInt64(UInt8(bitPattern: value)), size: 1) }
    static func uint8(_ value: UInt8) -> FlatbufferField { .scalar(UInt64(value), size: 1) }
    static func bool(_ value: Bool) -> FlatbufferField { .scalar(value ? 1 : 0, size: 1) }
    static func int32(_ value: Int32) -> FlatbufferField { .scalar(UInt64(UInt32(bitPattern: value)), size: 4) }
    static func uint32(_ value: UInt32) -> FlatbufferField { .scalar(UInt64(value), size: 4) }
    static func float(_ value: Float) -> FlatbufferField { .scalar(UInt64(value.bitPattern), size: 4) }

    /// Appends the little-endian bytes of `value` to `bytes`.
    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Bytes the field occupies inside its table (an offset is 4).
    var size: Int {
        switch self {
        case .scalar(_, let size): size
        case .child: 4
        }
    }
}
