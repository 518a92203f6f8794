/// Int8 weights of a convolution or dense layer, repacked at load for a SIMD matrix-vector micro-kernel, with the
/// bias (input offset folded in) beside them.
///
/// Layout: output channels in blocks of 16 and the accumulation depth in pairs; for each block and pair, four
/// 8-lane int16 vectors, vector `v` holding `[w[c][2k], w[c][2k+1]]` for the four channels `c = 16 b + 4 v + j`.
/// Multiplying such a vector by the input pair `[x[2k], x[2k+1]]` repeated four times, and adding adjacent products,
/// is one `pmaddwd` (x86) or `smlal` pair (ARM) giving four channels' partial sums in int32 lanes: no horizontal
/// reductions, and each weight load serves two pixels. Channels and depth are padded with zero weights; int8
/// products and their pairwise sums fit int16 and int32 exactly, and int32 sums wrap like TFLM's accumulator.
struct PackedFilter: Sendable {
    let rows: Int
    let depth: Int
    let pairs: Int
    let blocks: Int
    private let values: [Int16]
    private let bias: [Int32]

    static let blockRows = 16

    /// `filter` is `[rows, depth]` row-major; `bias` has `rows` values.
    init(filter: UnsafeBufferPointer<Int8>, rows: Int, depth: Int, bias: [Int32]) {
        self.rows = rows
        self.depth = depth
        pairs = (depth + 1) / 2
        blocks = (rows + Self.blockRows - 1) / Self.blockRows
        var values = [Int16](repeating: 0, count: blocks * pairs * 32)
        for row in 0..<rows {
            let block = row / Self.blockRows
            let vector = (row % Self.blockRows) / 4
            let lane = row % 4
            for k in 0..<depth {
                let index = ((block * pairs + k / 2) * 4 + vector) * 8 + lane * 2 + k % 2
                values[index] = Int16(filter[row * depth + k])
            }
        }
        self.values = values
        self.bias = bias + [Int32](repeating: 0, count: blocks * Self.blockRows - rows)
    }

    /// Values an input vector must have: `depth` rounded up to even, the extra one 0.
    var paddedDepth: Int { 2 * pairs }

    @inline(__always)
    private static func madd(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
        let products = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return products.evenHalf &+ products.oddHalf
    }

    @inline(__always)
    private static func pair(_ x: UnsafeRawPointer, _ k: Int) -> SIMD8<Int16> {
        unsafeBitCast(
            SIMD4<Int32>(repeating: x.loadUnaligned(fromByteOffset: 4 * k, as: Int32.self)), to: SIMD8<Int16>.self)
    }

    /// `sums0[c] = bias[c] + sum_k x0[k] w[c][k]` for every row `c` (and the same for `x1` into `sums1` when given),
    /// each `x` holding `paddedDepth` values, each `sums` `blocks * 16`.
    @inline(__always)
    func multiply(
        _ x0: UnsafePointer<Int16>, _ x1: UnsafePointer<Int16>?, into sums0: UnsafeMutablePointer<Int32>,
        _ sums1: UnsafeMutablePointer<Int32>
    ) {
        values.withUnsafeBufferPointer { packed in
            bias.withUnsafeBufferPointer { biasBuffer in
                let w = UnsafeRawPointer(packed.baseAddress!)
                let b = UnsafeRawPointer(biasBuffer.baseAddress!)
                let a0 = UnsafeRawPointer(x0)
                for block in 0..<blocks {
                    let biasOffset = block * 64
                    let b0 = b.loadUnaligned(fromByteOffset: biasOffset, as: SIMD4<Int32>.self)
                    let b1 = b.loadUnaligned(fromByteOffset: biasOffset + 16, as: SIMD4<Int32>.self)
                    let b2 = b.loadUnaligned(fromByteOffset: biasOffset + 32, as: SIMD4<Int32>.self)
                    let b3 = b.loadUnaligned(fromByteOffset: biasOffset + 48, as: SIMD4<Int32>.self)
                    var s00 = b0
                    var s01 = b1
                    var s02 = b2
                    var s03 = b3
                    var weights = w + block * pairs * 64
                    if let x1 {
                        let a1 = UnsafeRawPointer(x1)
                        var s10 = b0
                        var s11 = b1
                        var s12 = b2
                        var s13 = b3
                        for k in 0..<pairs {
                            let p0 = Self.pair(a0, k)
                            let p1 = Self.pair(a1, k)
                            let w0 = weights.loadUnaligned(as: SIMD8<Int16>.self)
                            let w1 = weights.loadUnaligned(fromByteOffset: 16, as: SIMD8<Int16>.self)
                            let w2 = weights.loadUnaligned(fromByteOffset: 32, as: SIMD8<Int16>.self)
                            let w3 = weights.loadUnaligned(fromByteOffset: 48, as: SIMD8<Int16>.self)
                            s00 &+= Self.madd(p0, w0)
                            s01 &+= Self.madd(p0, w1)
                            s02 &+= Self.madd(p0, w2)
                            s03 &+= Self.madd(p0, w3)
                            s10 &+= Self.madd(p1, w0)
                            s11 &+= Self.madd(p1, w1)
                            s12 &+= Self.madd(p1, w2)
                            s13 &+= Self.madd(p1, w3)
                            weights += 64
                        }
                        let out1 = UnsafeMutableRawPointer(sums1 + block * 16)
                        out1.storeBytes(of: s10, as: SIMD4<Int32>.self)
                        out1.storeBytes(of: s11, toByteOffset: 16, as: SIMD4<Int32>.self)
                        out1.storeBytes(of: s12, toByteOffset: 32, as: SIMD4<Int32>.self)
                        out1.storeBytes(of: s13, toByteOffset: 48, as: SIMD4<Int32>.self)
                    } else {
                        for k in 0..<pairs {
                            let p0 = Self.pair(a0, k)
                            s00 &+= Self.madd(p0, weights.loadUnaligned(as: SIMD8<Int16>.self))
                            s01 &+= Self.madd(p0, weights.loadUnaligned(fromByteOffset: 16, as: SIMD8<Int16>.self))
                            s02 &+= Self.madd(p0, weights.loadUnaligned(fromByteOffset: 32, as: SIMD8<Int16>.self))
                            s03 &+= Self.madd(p0, weights.loadUnaligned(fromByteOffset: 48, as: SIMD8<Int16>.self))
                            weights += 64
                        }
                    }
                    let out0 = UnsafeMutableRawPointer(sums0 + block * 16)
                    out0.storeBytes(of: s00, as: SIMD4<Int32>.self)
                    out0.storeBytes(of: s01, toByteOffset: 16, as: SIMD4<Int32>.self)
                    out0.storeBytes(of: s02, toByteOffset: 32, as: SIMD4<Int32>.self)
                    out0.storeBytes(of: s03, toByteOffset: 48, as: SIMD4<Int32>.self)
                }
            }
        }
    }
}
