/// Int8 weights of a convolution or dense layer, repacked at load for a SIMD matrix micro-kernel, with the bias
/// (input offset folded in) and the output stage beside them.
///
/// Layout: output channels in blocks of 16 and the accumulation depth in pairs; for each block and pair one vector
/// of 16 int32 lanes, the lane of channel `c` (`ByteLanes` order, which the output stage stores) holding the int16
/// pair `[w[16 b + c][2k], w[16 b + c][2k + 1]]`. Multiplying such a vector by the input pair `[x[2k], x[2k + 1]]`
/// broadcast to every lane, and adding adjacent products, is one `vpdpwssd` (AVX-512 VNNI; `vpmaddwd` + add with
/// AVX2, `smlal` pairs on ARM): 16 channels' partial sums, no horizontal reductions. Up to `tile` input vectors share
/// each weight load. Channels and depth are padded with zero weights; int8 products and their pairwise sums fit int16
/// and int32 exactly, and int32 sums wrap like TFLM's accumulator.
struct PackedFilter: Sendable {
    typealias Lanes = FixedPoint.Lanes

    let rows: Int
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
        pairs = (depth + 1) / 2
        blocks = (rows + OutputStage.lanes - 1) / OutputStage.lanes
        var weights = [Lanes](repeating: Lanes(), count: blocks * pairs)
        for row in 0..<rows {
            for k in 0..<depth {
                let low = UInt32(UInt16(bitPattern: Int16(filter[row * depth + k])))
                let pair = (row / OutputStage.lanes) * pairs + k / 2
                let lane = ByteLanes.lane(of: row % OutputStage.lanes)
                weights[pair][lane] |= Int32(bitPattern: k % 2 == 0 ? low : low << 16)
            }
        }
        self.weights = weights
        self.bias = ByteLanes.blocks(count: rows) { bias[$0] }
        self.stage = stage
    }

    /// Values an input vector must have: `depth` rounded up to even, the extra one 0.
    var paddedDepth: Int { 2 * pairs }

    /// The products of adjacent int16 pairs of `x` and `w` summed per int32 lane, added to `sum`: `vpmaddwd`, fused
    /// with the addition into `vpdpwssd` (and the broadcast into its `{1to16}` load) where the CPU has it. LLVM
    /// recognises the pair products in this form, sign extension of SIMD8 halves then even plus odd lanes, also when
    /// one operand is a broadcast and the other shared by several sums (the form with shifts on int32 lanes it splits
    /// into two multiplies then).
    @inline(__always)
    private static func multiplyAdd(_ sum: inout Lanes, _ x: Lanes, _ w: SIMD32<Int32>) {
        let products = widened(x) &* w
        sum &+= products.evenHalf &+ products.oddHalf
    }

    /// The 32 int16 values of `x`'s lanes, sign-extended.
    @inline(__always)
    private static func widened(_ x: Lanes) -> SIMD32<Int32> {
        let values = unsafeBitCast(x, to: SIMD32<Int16>.self)
        let (low, high) = (values.lowHalf, values.highHalf)
        return SIMD32(
            lowHalf: SIMD16(
                lowHalf: SIMD8(truncatingIfNeeded: low.lowHalf), highHalf: SIMD8(truncatingIfNeeded: low.highHalf)),
            highHalf: SIMD16(
                lowHalf: SIMD8(truncatingIfNeeded: high.lowHalf), highHalf: SIMD8(truncatingIfNeeded: high.highHalf)))
    }

    /// The pair `[x[2k], x[2k + 1]]` in every lane.
    @inline(__always)
    private static func pair(_ x: UnsafePointer<Int16>, _ k: Int) -> Lanes {
        Lanes(repeating: UnsafeRawPointer(x).loadUnaligned(fromByteOffset: 4 &* k, as: Int32.self))
    }

    /// Where the input vectors are: `rows` runs of `pairsPerRow` int16 pairs, `rowStride` values apart (the rows of a
    /// convolution window read in place from the padded image), or one run of all the pairs.
    struct InputRows {
        var rows: Int
        var pairsPerRow: Int
        var rowStride: Int
    }

    /// One contiguous run of all the pairs: a dense layer's input, a gathered window.
    var contiguous: InputRows { InputRows(rows: 1, pairsPerRow: pairs, rowStride: 0) }

    /// `bias + x w` for the 16 rows whose packed weights are `w`.
    ///
    /// Static, over plain pointers and values: reading the filter's arrays in here, LLVM no longer forms `vpdpwssd`.
    @inline(never)
    private static func sum(_ x: UnsafePointer<Int16>, _ w: UnsafePointer<Lanes>, _ layout: InputRows, bias: Lanes)
        -> Lanes
    {
        var s = bias
        for row in 0..<layout.rows {
            let (xr, wr) = (x + row &* layout.rowStride, w + row &* layout.pairsPerRow)
            for k in 0..<layout.pairsPerRow { multiplyAdd(&s, pair(xr, k), widened(wr[k])) }
        }
        return s
    }

    /// `bias + x_p w` for the 16 rows whose packed weights are `w` and the `tile` inputs `x`: each weight load
    /// serves all of them.
    @inline(never)
    private static func sums(
        _ x: UnsafePointer<UnsafePointer<Int16>>, _ w: UnsafePointer<Lanes>, _ layout: InputRows, bias: Lanes
    ) -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
        var (s0, s1, s2, s3, s4, s5, s6, s7) = (bias, bias, bias, bias, bias, bias, bias, bias)
        for row in 0..<layout.rows {
            let offset = row &* layout.rowStride
            let (x0, x1, x2, x3) = (x[0] + offset, x[1] + offset, x[2] + offset, x[3] + offset)
            let (x4, x5, x6, x7) = (x[4] + offset, x[5] + offset, x[6] + offset, x[7] + offset)
            let wr = w + row &* layout.pairsPerRow
            for k in 0..<layout.pairsPerRow {
                let wk = widened(wr[k])
                multiplyAdd(&s0, pair(x0, k), wk)
                multiplyAdd(&s1, pair(x1, k), wk)
                multiplyAdd(&s2, pair(x2, k), wk)
                multiplyAdd(&s3, pair(x3, k), wk)
                multiplyAdd(&s4, pair(x4, k), wk)
                multiplyAdd(&s5, pair(x5, k), wk)
                multiplyAdd(&s6, pair(x6, k), wk)
                multiplyAdd(&s7, pair(x7, k), wk)
            }
        }
        return (s0, s1, s2, s3, s4, s5, s6, s7)
    }

    /// For `count` (1...`tile`) input vectors `inputs[0..<count]`, laid out as `layout` says, writes the requantized
    /// `output[p * outputStride + c] = stage(bias[c] + corrections[p] + sum_k x_p[k] w[c][k])` for every row `c`.
    /// `inputs` has `tile` entries; those past `count` must point at valid vectors (their results are dropped).
    @inline(__always)
    func apply(
        _ inputs: UnsafePointer<UnsafePointer<Int16>>, _ layout: InputRows, count: Int,
        corrections: SIMD8<Int32> = .zero, into output: UnsafeMutablePointer<Int8>, outputStride: Int
    ) {
        precondition(layout.rows * layout.pairsPerRow == pairs, "PackedFilter input layout")
        weights.withUnsafeBufferPointer { packed in
            for block in 0..<blocks {
                let rowCount = min(OutputStage.lanes, rows - block * OutputStage.lanes)
                let destination = output + block * OutputStage.lanes
                let w = packed.baseAddress! + block * pairs
                @inline(__always) func finish(_ sum: Lanes, _ p: Int) {
                    stage.store(
                        sum &+ Lanes(repeating: corrections[p]), block: block, into: destination + p * outputStride,
                        count: rowCount)
                }
                if count == 1 {
                    finish(Self.sum(inputs[0], w, layout, bias: bias[block]), 0)
                    continue
                }
                let (s0, s1, s2, s3, s4, s5, s6, s7) = Self.sums(inputs, w, layout, bias: bias[block])
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
