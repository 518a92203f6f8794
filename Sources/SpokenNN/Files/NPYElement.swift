/// A Swift type that can be the element of an ``NPYFile``: `Int8`, `Int16`, `Int32` or `Float`.
public protocol NPYElement: Sendable {
    /// The `.npy` element type this Swift type is stored as.
    static var npyType: NPYElementType { get }
    /// The value from its little-endian bytes at `offset` of `bytes`.
    static func load(from bytes: UnsafeRawBufferPointer, at offset: Int) -> Self
    /// Appends the value's little-endian bytes.
    func append(to bytes: inout [UInt8])
}

extension Int8: NPYElement {
    public static var npyType: NPYElementType { .int8 }
    public static func load(from bytes: UnsafeRawBufferPointer, at offset: Int) -> Int8 {
        Int8(bitPattern: bytes[offset])
    }
    public func append(to bytes: inout [UInt8]) { bytes.append(UInt8(bitPattern: self)) }
}

extension Int16: NPYElement {
    public static var npyType: NPYElementType { .int16 }
    public static func load(from bytes: UnsafeRawBufferPointer, at offset: Int) -> Int16 {
        Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self))
    }
    public func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: littleEndian) { bytes += $0 } }
}

extension Int32: NPYElement {
    public static var npyType: NPYElementType { .int32 }
    public static func load(from bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }
    public func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: littleEndian) { bytes += $0 } }
}

extension Float: NPYElement {
    public static var npyType: NPYElementType { .float32 }
    public static func load(from bytes: UnsafeRawBufferPointer, at offset: Int) -> Float {
        Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }
    public func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: bitPattern.littleEndian) { bytes += $0 } }
}
