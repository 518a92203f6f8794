/// The one block of memory an interpreter runs in, allocated once at load.
///
/// Laid out as TFLM's `SingleArenaBufferAllocator`: the head (from the bottom) holds the non-persistent buffers the
/// `MemoryPlan` placed (activations, scratch); the tail (from the top) is what lives as long as the model (per-channel
/// multipliers and shifts, kernel op data, tensor and node records). spokend keeps those records in Swift values, so
/// the tail is charged (`ArenaAccounting`) rather than written, and head plus tail may not exceed the capacity; only
/// the buffers of variable tensors, which ops read and write, really live there (`tail(_:)`).
final class Arena {
    /// TFLM's `MicroArenaBufferAlignment()`: every planned buffer starts on, and is sized to, 16 bytes.
    static let alignment = 16

    static func alignUp(_ value: Int, _ alignment: Int = alignment) -> Int {
        (value + alignment - 1) / alignment * alignment
    }

    let capacity: Int
    let base: UnsafeMutableRawPointer
    /// Bytes used from the bottom by the memory plan.
    private(set) var headSize = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: Self.alignment)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(capacity, 1))
    }

    deinit { base.deallocate() }

    /// The address `offset` bytes below the arena's 16-aligned end: where a tail block that `ArenaAccounting`
    /// placed there starts. The accounting's check that head and tail fit keeps it clear of the head.
    func tail(_ offset: Int) -> UnsafeMutableRawPointer {
        base + (capacity / Self.alignment * Self.alignment - offset)
    }

    /// Takes `bytes` for the memory plan's buffers from the bottom, with `tail` bytes taken from the top.
    func reserveHead(_ bytes: Int, tail: Int, what: @autoclosure () -> String) throws(AllocationError) {
        guard bytes + tail <= capacity else {
            throw AllocationError(needed: bytes + tail, available: capacity, what: what())
        }
        headSize = bytes
    }
}
