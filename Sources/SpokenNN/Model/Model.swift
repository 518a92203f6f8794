/// A TensorFlow Lite model: the parts of the `.tflite` schema (`tflite::Model`) that spokend reads, runs and writes.
///
/// A value type: `ModelReader` builds it as a view over the file bytes (buffer data are slices of the file, not
/// copies) and `ModelWriter` turns it back into a standard `.tflite` file, so `read(write(m)) == m`. Fields of the
/// schema that spokend neither runs nor needs (signature defs, sparsity, debug metadata) are not kept.
public struct Model: Equatable, Sendable {
    /// The schema version (`Model.version`, 3 for every current converter).
    public var version: UInt32
    /// The operator codes that `Operator.opcodeIndex` refers to.
    public var operatorCodes: [OperatorCode]
    /// The subgraphs; the first is the one that runs.
    public var subgraphs: [Subgraph]
    /// A free-form description (`Model.description`), e.g. "MLIR Converted.".
    public var description: String?
    /// The buffers that tensors and metadata refer to by index; buffer 0 is the empty sentinel by convention.
    public var buffers: [Buffer]
    /// Named entries (`Model.metadata`), each pointing at a buffer.
    public var metadata: [Metadata]

    public init(
        version: UInt32 = 3, operatorCodes: [OperatorCode], subgraphs: [Subgraph], description: String? = nil,
        buffers: [Buffer], metadata: [Metadata] = []
    ) {
        self.version = version
        self.operatorCodes = operatorCodes
        self.subgraphs = subgraphs
        self.description = description
        self.buffers = buffers
        self.metadata = metadata
    }

    /// The bytes of the metadata entry `name`, or nil when there is none (or its buffer index is out of range).
    public func metadata(named name: String) -> ArraySlice<UInt8>? {
        guard let entry = metadata.first(where: { $0.name == name }), Int(entry.buffer) < buffers.count else {
            return nil
        }
        return buffers[Int(entry.buffer)].data
    }
}
