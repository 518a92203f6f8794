/// A verifying, zero-copy view over the bytes of a FlatBuffer.
///
/// Plays the part of `flatbuffers::Verifier`, but checks each object as it is reached instead of in a separate pass:
/// every offset, vtable, vector length and string is bounds-checked before a byte of it is read, so a truncated or
/// hostile file throws `ModelError` and never reads out of bounds. Reads are unaligned-safe
/// (`loadUnaligned`), so, unlike the C++ verifier, misaligned offsets are not an error.
///
/// A FlatBuffer is a DAG: many offsets may point at the same object. To keep the work and memory of reading a file in
/// proportion to its size (a 1 MB file must not expand to gigabytes by sharing one big vector a million times),
/// every element the reader materialises is charged to a budget of `budgetPerByte` elements per file byte.
struct FlatbufferView {
    let bytes: [UInt8]
    private var budget: Int

    /// Elements the reader may materialise per byte of file before it gives up with `tooComplex`.
    static let budgetPerByte = 16

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.budget = bytes.count * Self.budgetPerByte + 4096
    }

    var count: Int { bytes.count }

    /// Charges `elements` to the budget; throws `tooComplex` when it is exhausted.
    mutating func charge(_ elements: Int, _ what: @autoclosure () -> String) throws(ModelError) {
        budget -= elements
        if budget < 0 {
            throw ModelError(
                .tooComplex,
                "model file refers to the same data too many times (at \(what())): "
                    + "reading it would take far more memory than its \(count) bytes")
        }
    }

    /// Throws unless `size` bytes from `position` lie inside the file.
    func check(_ position: Int, _ size: Int, _ what: @autoclosure () -> String) throws(ModelError) {
        guard position >= 0, size >= 0, position <= count, size <= count - position else {
            throw ModelError(
                .offsetOutOfBounds,
                "\(what()) at byte \(position) (\(size) bytes) lies outside the \(count)-byte model file")
        }
    }

    /// A scalar at `position`, bounds-checked.
    func load<T: FixedWidthInteger>(_ position: Int, as type: T.Type, _ what: @autoclosure () -> String)
        throws(ModelError) -> T
    {
        try check(position, MemoryLayout<T>.size, what())
        return T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) })
    }

    /// Follows the `uoffset_t` stored at `position` (relative to itself) and returns the absolute target position.
    func follow(_ position: Int, _ what: @autoclosure () -> String) throws(ModelError) -> Int {
        let relative = try load(position, as: UInt32.self, what())
        let target = position + Int(relative)
        guard target < count else {
            throw ModelError(
                .offsetOutOfBounds,
                "\(what()): offset at byte \(position) points to byte \(target), past the end "
                    + "of the \(count)-byte model file")
        }
        return target
    }

    /// The table at `position`, with its vtable checked.
    func table(at position: Int, _ name: FlatbufferTable.Name) throws(ModelError) -> FlatbufferTable {
        let relative = try load(position, as: Int32.self, "\(name) table")
        let vtable = position - Int(relative)
        guard vtable >= 0, vtable <= count - 4 else {
            throw ModelError(.badTable, "\(name) table at byte \(position) has its vtable outside the file (\(vtable))")
        }
        let vtableSize = Int(try load(vtable, as: UInt16.self, "\(name) vtable"))
        let tableSize = Int(try load(vtable + 2, as: UInt16.self, "\(name) vtable"))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtableSize <= count - vtable else {
            throw ModelError(.badTable, "\(name) vtable at byte \(vtable) has an invalid size \(vtableSize)")
        }
        guard tableSize >= 4, tableSize <= count - position else {
            throw ModelError(
                .badTable, "\(name) table at byte \(position) claims \(tableSize) bytes, past the file's end")
        }
        return FlatbufferTable(
            tableName: name, position: position, vtable: vtable, fieldCount: (vtableSize - 4) / 2, size: tableSize)
    }

    /// The start of a vector's elements and its element count, with its extent checked.
    func vector(at position: Int, elementSize: Int, _ what: @autoclosure () -> String) throws(ModelError) -> (
        start: Int, count: Int
    ) {
        let length = Int(try load(position, as: UInt32.self, "\(what()) length"))
        let start = position + 4
        guard length <= (count - start) / elementSize else {
            throw ModelError(
                .badVector,
                "\(what()) at byte \(position) claims \(length) elements of \(elementSize) bytes, "
                    + "past the end of the \(count)-byte file")
        }
        return (start, length)
    }

    /// A string: its length, its bytes inside the file and the terminating zero all checked, as the verifier does.
    mutating func string(at position: Int, _ what: @autoclosure () -> String) throws(ModelError) -> String {
        let (start, length) = try vector(at: position, elementSize: 1, what())
        guard start + length < count, bytes[start + length] == 0 else {
            throw ModelError(.badString, "\(what()) at byte \(position) lacks its terminating zero")
        }
        try charge(length, what())
        return String(decoding: bytes[start..<(start + length)], as: UTF8.self)
    }

    /// A vector of little-endian scalars, copied out.
    mutating func scalars<T: FixedWidthInteger>(at position: Int, as type: T.Type, _ what: @autoclosure () -> String)
        throws(ModelError) -> [T]
    {
        let (start, length) = try vector(at: position, elementSize: MemoryLayout<T>.size, what())
        try charge(length, what())
        return bytes.withUnsafeBytes { raw in
            (0..<length).map {
                T(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * MemoryLayout<T>.size, as: T.self))
            }
        }
    }

    /// A vector of little-endian `float`s, copied out.
    mutating func floats(at position: Int, _ what: @autoclosure () -> String) throws(ModelError) -> [Float] {
        try scalars(at: position, as: UInt32.self, what()).map { Float(bitPattern: $0) }
    }

    /// The positions of the tables a vector of offsets points to.
    mutating func tables(at position: Int, _ what: @autoclosure () -> String) throws(ModelError) -> [FlatbufferTable] {
        let name = what()
        let (start, length) = try vector(at: position, elementSize: 4, name)
        try charge(length, name)
        var result: [FlatbufferTable] = []
        result.reserveCapacity(length)
        for index in 0..<length {
            let element = FlatbufferTable.Name(name, index: index)
            result.append(try table(at: try follow(start + 4 * index, element.description), element))
        }
        return result
    }
}
