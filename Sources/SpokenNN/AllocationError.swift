/// A model that does not fit in the arena it was given.
///
/// Separate from `ModelError` because the model itself is fine: it is too big for this device profile. The
/// description says how many bytes it needs and how many are available.
public struct AllocationError: Error, CustomStringConvertible, Sendable {
    /// Bytes the model needs (or needed when allocation stopped), including alignment and bookkeeping.
    public let needed: Int
    /// Bytes the arena has.
    public let available: Int
    /// What was being allocated when the arena ran out, e.g. "tensor plan" or "persistent data of node 3 (CONV_2D)".
    public let what: String

    public init(needed: Int, available: Int, what: String) {
        self.needed = needed
        self.available = available
        self.what = what
    }

    public var description: String {
        "model needs \(needed) bytes of arena but only \(available) are available (ran out at \(what))"
    }
}
