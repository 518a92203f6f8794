/// A block of the arena's tail that lives as long as the model, described by its C layout so it can be charged at
/// the size it has on the target; and by when TFLM allocates it, which decides the order (and so the alignment
/// padding) of the tail.
struct PersistentAllocation: Equatable, Sendable {
    /// When TFLM allocates the block during `AllocateTensors`.
    enum Phase: Int, Sendable {
        /// The parsed builtin options (`TfLiteConvParams`…), `PrepareNodeAndRegistrationDataFromFlatbuffer`,
        /// aligned as the struct.
        case builtinData
        /// The kernel's `OpData`, from `Init` via `AllocatePersistentBuffer` (16-byte aligned).
        case initialize
        /// Arrays from `Prepare` via `AllocatePersistentBuffer` (16-byte aligned).
        case prepare
    }

    /// A C struct member.
    enum Field: Equatable, Sendable {
        /// `int32_t`, `int`, `float` or a C enum.
        case int32
        case pointer
        case double
        case bool
        /// An `int` that exists only in builds with `USE_TFLM_COMPRESSION` (the `tflite-micro` Python package).
        case compressionInt32
    }

    var phase: Phase
    /// The struct's members in declaration order; empty for a plain array of `bytes`.
    var fields: [Field] = []
    var bytes: Int = 0
    var what: String

    /// `sizeof` on `abi`, with C's layout rules: each member at its alignment, the whole padded to the largest.
    func size(_ abi: ArenaAccounting.ABI) -> Int {
        guard !fields.isEmpty else { return bytes }
        var offset = 0
        var largest = 1
        for field in fields {
            let (size, alignment) = Self.layout(field, abi)
            guard size > 0 else { continue }
            offset = Arena.alignUp(offset, alignment) + size
            largest = max(largest, alignment)
        }
        return Arena.alignUp(offset, largest)
    }

    /// The alignment TFLM asks for: `alignof` of an options struct, 16 for persistent buffers.
    func alignment(_ abi: ArenaAccounting.ABI) -> Int {
        guard phase == .builtinData else { return Arena.alignment }
        return fields.map { Self.layout($0, abi).alignment }.max() ?? 1
    }

    private static func layout(_ field: Field, _ abi: ArenaAccounting.ABI) -> (size: Int, alignment: Int) {
        switch field {
        case .int32: (4, 4)
        case .pointer: (abi.pointerSize, abi.pointerSize)
        case .double: (8, abi.doubleAlignment)
        case .bool: (1, 1)
        case .compressionInt32: abi.compression ? (4, 4) : (0, 1)
        }
    }
}
