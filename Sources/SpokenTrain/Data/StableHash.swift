/// A 64-bit FNV-1a hash of bytes, the same in every process and on every machine.
///
/// Swift's `Hasher` is seeded per process, so it cannot name a file that a later run must find (the feature cache)
/// or seed the random numbers of example `i` of epoch `e` (augmentation) the same way twice. Not cryptographic: it
/// names cache entries and mixes seeds, nothing an attacker chooses.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
    }

    public mutating func combine(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { combine($0) }
    }

    /// The hash as 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A seed for the random numbers of one (seed, epoch, example): independent of how examples are shared out
    /// between threads, so the same run gives the same examples with any `--jobs`.
    public static func seed(_ parts: UInt64...) -> UInt64 {
        var hash = StableHash()
        for part in parts { hash.combine(part) }
        return hash.value
    }
}
