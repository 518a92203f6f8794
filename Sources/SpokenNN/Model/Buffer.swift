/// Raw bytes of a model (`tflite::Buffer`): constant tensor data or a metadata entry.
///
/// `data` is a slice of the file's bytes when read (no copy); an empty slice is an empty buffer. Buffers that
/// large models keep outside the flatbuffer (`Buffer.offset`/`size`) are read into the same form.
public struct Buffer: Equatable, Sendable {
    public var data: ArraySlice<UInt8>

    public init(_ data: ArraySlice<UInt8> = []) {
        self.data = data
    }

    public init(_ bytes: [UInt8]) {
        self.data = bytes[...]
    }
}
