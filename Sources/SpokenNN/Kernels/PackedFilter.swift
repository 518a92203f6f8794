/// Int8 weights of a convolution or dense layer, repacked at load for a SIMD matrix micro-kernel, with the bias
/// (input offset folded in) and the output stage beside them.
///
/// Layout: output channels in blocks of 16 and the accumulation depth in pairs; for each block and pair one vector
/// of 16 int32 lanes, lane `c` holding the int16 pair `[w[16 b + c][2k], w[16 b + c][2k + 1]]`. Multiplying such a
/// vector by the input pair `[x[2k], x[2k + 1]]` broadcast to every lane, and adding adjacent products, is one
/// `vpdpwssd` (AVX-512 VNNI; `vpmaddwd` + add with AVX2, `smlal` pairs on ARM): 16 channels' partial sums, no
/// horizontal reductions. Up to `tile` input vectors share each weight load. Channels and depth are padded with zero
/// weights; int8 products and their pairwise sums fit int16 and int32 exactly, and int32 sums wrap like TFLM's
/// accumulator.
struct PackedFilter: Sendable {
    typealias Lanes = FixedPoint.Lanes

    let rows: Int
    let depth: Int
    let pairs: Int
    let blocks: Int
    private let weights: [Lanes]
    private let bias: [Lanes]
    private let stage: OutputStage

    /// Input vectors one call to `apply` multiplies at once.
    static let tile = 8

    /// `filter` is `[rows, depth]` row-major; `bias` has `rows` values.
    init(filter: UnsafeBufferPointer<Int8>, rows: Int, depth: Int, bias: [Int32], stage: OutputStage) {
        self.rows = rows
        self.depth = depth
        pairs = (depth + 1) / 2
        blocks = (rows + OutputStage.lanes - 1) / OutputStage.lanes
        var weights = [Lanes](repeating: Lanes(), count: blocks * pairs)
        for row in 0..<rows {
            for k in 0..<depth {
                let low = UInt32(UInt16(bitPattern: Int16(filter[row * depth + k])))
                let pair = (row / OutputStage.lanes) * pairs + k / 2
                let lane = row % OutputStage.lanes
                weights[pair][lane] |= Int32(bitPattern: k % 2 == 0 ? low : low << 16)
            }
        }
        self.weights = weights
        self.bias = (0..<blocks).map { block in
            var lanes = Lanes()
            for lane in 0..<OutputStage.lanes where block * OutputStage.lanes + lane < rows {
                lanes[lane] = bias[block * OutputStage.lanes + lane]
            }
            return lanes
        }
        self.stage = stage
    }

    /// Values an input vector must have: `depth` rounded up to even, the extra one 0.
    var paddedDepth: Int { 2 * pairs }

    /// The products of adjacent int16 pairs summed per int32 lane: `vpmaddwd`, fused with the addition into
    /// `vpdpwssd` where the CPU has it. (This shift form is what LLVM recognises on 16 lanes.)
    @inline(__always)
    private static func multiplyAdd(_ sum: inout Lanes, _ a: Lanes, _ b: Lanes) {
        sum &+= ((a &<< 16) &>> 16) &* ((b &<< 16) &>> 16) &+ (a &>> 16) &* (b &>> 16)
    }

    @inline(__always)
    private static func pair(_ x: UnsafePointer<Int16>, _ k: Int) -> Lanes {
        Lanes(repeating: UnsafeRawPointer(x).loadUnaligned(fromByteOffset: 4 &* k, as: Int32.self))
    }

    /// For `count` (1...`tile`) input vectors `inputs[0..<count]`, each `paddedDepth` values, writes the requantized
    /// `output[p * outputStride + c] = stage(bias[c] + corrections[p] + sum_k x_p[k] w[c][k])` for every row `c`.
    /// `inputs` has `tile` entries; those past `count` must point at valid vectors (their results are dropped).
    @inline(__always)
    func apply(
        _ inputs: UnsafePointer<UnsafePointer<Int16>>, count: Int, corrections: SIMD8<Int32> = .zero,
        into output: UnsafeMutablePointer<Int8>, outputStride: Int
    ) {
        weights.withUnsafeBufferPointer { packed in
            let (x0, x1, x2, x3) = (inputs[0], inputs[1], inputs[2], inputs[3])
            let (x4, x5, x6, x7) = (inputs[4], inputs[5], inputs[6], inputs[7])
            for block in 0..<blocks {
                let rowCount = min(OutputStage.lanes, rows - block * OutputStage.lanes)
                let w = packed.baseAddress! + block * pairs
                let destination = output + block * OutputStage.lanes
                @inline(__always) func finish(_ sum: Lanes, _ p: Int) {
                    stage.store(
                        sum &+ Lanes(repeating: corrections[p]), block: block, into: destination + p * outputStride,
                        count: rowCount)
                }
                if count == 1 {
                    var s0 = bias[block]
                    for k in 0..<pairs { Self.multiplyAdd(&s0, Self.pair(x0, k), w[k]) }
                    finish(s0, 0)
                    continue
                }
                var (s0, s1, s2, s3) = (bias[block], bias[block], bias[block], bias[block])
                var (s4, s5, s6, s7) = (s0, s0, s0, s0)
                for k in 0..<pairs {
                    let wk = w[k]
                    Self.multiplyAdd(&s0, Self.pair(x0, k), wk)
                    Self.multiplyAdd(&s1, Self.pair(x1, k), wk)
                    Self.multiplyAdd(&s2, Self.pair(x2, k), wk)
                    Self.multiplyAdd(&s3, Self.pair(x3, k), wk)
                    Self.multiplyAdd(&s4, Self.pair(x4, k), wk)
                    Self.multiplyAdd(&s5, Self.pair(x5, k), wk)
                    Self.multiplyAdd(&s6, Self.pair(x6, k), wk)
                    Self.multiplyAdd(&s7, Self.pair(x7, k), wk)
                }
                finish(s0, 0)
                if count > 1 { finish(s1, 1) }
                if count > 2 { finish(s2, 2) }
                if count > 3 { finish(s3, 3) }
                if count > 4 { finish(s4, 4) }
                if count > 5 { finish(s5, 5) }
                if count > 6 { finish(s6, 6) }
                if count > 7 { finish(s7, 7) }
            }
        }
    }
}
