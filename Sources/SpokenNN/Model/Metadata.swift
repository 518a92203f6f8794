/// A named metadata entry of a model (`tflite::Metadata`): a name and the index of the buffer that holds its bytes.
///
/// spokend keeps its own `spokend.frontend`, `spokend.labels` and `spokend.provenance` here; converters add
/// `min_runtime_version` and `CONVERSION_METADATA`, and TFLM reads `OfflineMemoryAllocation`.
public struct Metadata: Equatable, Sendable {
    public var name: String
    public var buffer: UInt32

    public init(name: String, buffer: UInt32) {
        self.name = name
        self.buffer = buffer
    }
}
