/// An object to be written into a FlatBuffer by `FlatbufferBuilder`: a table, a vector or a string.
///
/// Describing the tree first and writing it in one pass keeps the builder simple: it lays out each table, then
/// writes its children after it and patches the forward offsets (a FlatBuffer `uoffset_t` is unsigned, so every
/// child must follow the field that refers to it).
indirect enum FlatbufferNode {
    /// A table; fields by schema slot.
    case table([(slot: Int, field: FlatbufferField)])
    /// A vector of scalars: the little-endian element bytes, the element size, and the alignment of the first
    /// element (16 for tensor data, as the TFLite converter aligns buffers). A slice, so a buffer read from a file
    /// is written from the file's bytes without a copy.
    case scalars(bytes: ArraySlice<UInt8>, elementSize: Int, alignment: Int)
    /// A vector of offsets to tables (or strings).
    case vector([FlatbufferNode])
    case string(String)

    static func int32s(_ values: [Int32]) -> FlatbufferNode { scalars(values, alignment: 4) }

    static func int64s(_ values: [Int64]) -> FlatbufferNode { scalars(values, alignment: 8) }

    static func floats(_ values: [Float]) -> FlatbufferNode { scalars(values.map(\.bitPattern), alignment: 4) }

    /// The little-endian bytes of `values`, in one allocation.
    private static func scalars<T: FixedWidthInteger>(_ values: [T], alignment: Int) -> FlatbufferNode {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * MemoryLayout<T>.size)
        for value in values { FlatbufferField.append(value, to: &bytes) }
        return .scalars(bytes: bytes[...], elementSize: MemoryLayout<T>.size, alignment: alignment)
    }
}
