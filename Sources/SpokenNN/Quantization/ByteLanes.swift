/// 16 int8 values as int32 lanes and back, in the lane order that makes both directions a few vector instructions.
///
/// Lane `4b + j` holds byte `4j + b` of the 16: `load` reads the bytes as four 32-bit words, copied four times, and
/// shifts each lane's byte to the top and arithmetically back down; `store` masks each lane's low byte, shifts it to
/// its place in its word and ORs the four quarters (LLVM makes that one `vpermb`). Quarters and copies go through
/// `unsafeBitCast` to and from a tuple, because the SIMD types' `lowHalf`, `highHalf` and `init(lowHalf:highHalf:)`
/// are generic calls in large functions; so are the order-keeping conversions (`SIMD16<Int8>(truncatingIfNeeded:)`,
/// `SIMD8<Int32>(truncatingIfNeeded:)` of each half), and byte stores lane by lane compile to a dozen extracts.
/// Elementwise kernels do not care about the order; the convolutions lay out their weights, biases and output stages
/// in it at load (`lane(of:)`).
enum ByteLanes {
    typealias Lanes = FixedPoint.Lanes

    /// The lane that holds byte (channel) `index`, 0...15.
    static func lane(of index: Int) -> Int { 4 * (index % 4) + index / 4 }

    /// `value(c)` for channels `0..<count` in blocks of 16 lanes in this order, the last block padded with zeros: how
    /// the convolutions lay out per-channel biases, weights and requantization constants at load.
    static func blocks(count: Int, _ value: (Int) -> Int32) -> [Lanes] {
        stride(from: 0, to: count, by: 16).map { first in
            var lanes = Lanes()
            for index in 0..<min(16, count - first) { lanes[lane(of: index)] = value(first + index) }
            return lanes
        }
    }

    /// Bytes `p[0..<16]`, sign-extended, in this lane order.
    @inline(__always)
    static func load(_ p: UnsafePointer<Int8>) -> Lanes {
        let words = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Int32>.self)
        let shifts = Lanes(24, 24, 24, 24, 16, 16, 16, 16, 8, 8, 8, 8, 0, 0, 0, 0)
        return (unsafeBitCast((words, words, words, words), to: Lanes.self) &<< shifts) &>> 24
    }

    /// The low bytes of lanes in this order, as 16 bytes in memory order.
    @inline(__always)
    static func bytes(_ v: Lanes) -> SIMD4<Int32> {
        let byte = SIMD4<Int32>(repeating: 0xFF)
        let quarters = unsafeBitCast(v, to: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>).self)
        return (quarters.0 & byte) | ((quarters.1 & byte) &<< 8) | ((quarters.2 & byte) &<< 16) | (quarters.3 &<< 24)
    }

    /// Stores the low bytes of lanes in this order to `p[0..<16]`.
    @inline(__always)
    static func store(_ v: Lanes, into p: UnsafeMutablePointer<Int8>) {
        UnsafeMutableRawPointer(p).storeBytes(of: bytes(v), as: SIMD4<Int32>.self)
    }
}
