/// A small seeded random number generator (Steele, Lea and Flood's SplitMix64), so everything random in spokend
/// (corpus decisions, embeddings, test signals) comes from a seed and the same seed gives the same bytes everywhere.
///
/// `SystemRandomNumberGenerator` and `Hasher` are seeded per process, so they are never used for such decisions.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    @usableFromInline static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The next `draws.count` values of `next()`, in order. Draw `i` depends only on the state and `i`, so this loop
    /// vectorizes where calling `next()` per value does not: dropout draws one value per activation. Inlinable, so
    /// the caller's module compiles it for its own target CPU (the training engine's has 64-bit vector multiplies).
    @inlinable
    public mutating func fill(_ draws: UnsafeMutableBufferPointer<UInt64>) {
        let start = state
        for index in draws.indices { draws[index] = Self.mix(start &+ UInt64(index + 1) &* Self.increment) }
        state = start &+ UInt64(draws.count) &* Self.increment
    }

    @inlinable @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A Fisher–Yates shuffle that uses only `next()`, so its result does not depend on how the standard library
    /// draws bounded integers.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            let other = Int(next() % UInt64(index + 1))
            elements.swapAt(index, other)
        }
    }
}
