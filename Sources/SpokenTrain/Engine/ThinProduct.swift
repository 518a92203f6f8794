/// `c = a · b` for the thin products of the small networks (`k ≤ 64`, `n` a multiple of 16), and `c += aᵀ · b` for
/// small outputs (`accumulateTransposed`), without OpenBLAS.
///
/// A 1×1 convolution of 64 channels into 64 is `[pixels, 64] · [64, 64]`: OpenBLAS copies (packs) the whole
/// `[pixels, 64]` matrix and clears `c` before its kernel runs, two extra passes over megabytes for a product whose
/// arithmetic takes about as long as one. Here eight rows of `a` at a time are multiplied straight from memory into
/// eight sixteen-lane sums held in registers, and each output row is written once.
///
/// Each output is the fused multiply-add chain `((a₀·b₀ + a₁·b₁) + …)` over `k` in order from zero, the sum
/// OpenBLAS's kernels form when `k` fits one of their blocks (hundreds), so the values are those `cblas_sgemm` gives.
enum ThinProduct {
    /// Whether the shape is one this kernel takes.
    static func accepts(n: Int, k: Int) -> Bool { k >= 1 && k <= 64 && n >= 16 && n % 16 == 0 }

    /// `c[m, n] = a[m, k] · b[k, n]`, all row-major and contiguous.
    static func multiply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, m: Int, n: Int,
        k: Int
    ) {
        let whole = m / 8 * 8
        // Blocks of 64 rows: a block's rows stay in L1 while `b` passes by one 16-column panel at a time.
        for first in stride(from: 0, to: whole, by: 64) {
            for column in stride(from: 0, to: n, by: 16) {
                for row in stride(from: first, to: min(first + 64, whole), by: 8) {
                    tile(a + row * k, b + column, into: c + row * n + column, n: n, k: k)
                }
            }
        }
        guard whole < m else { return }
        // The last rows, padded with rows of zeros to eight.
        let rows = m - whole
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * (k + n)) { scratch in
            let (padded, sums) = (scratch.baseAddress!, scratch.baseAddress! + 8 * k)
            padded.initialize(repeating: 0, count: 8 * k)
            padded.update(from: a + whole * k, count: rows * k)
            for column in stride(from: 0, to: n, by: 16) {
                tile(padded, b + column, into: sums + column, n: n, k: k)
            }
            (c + whole * n).update(from: sums, count: rows * n)
        }
    }

    /// Whether `c[m, n] += aᵀ · b` is one `accumulateTransposed` takes: an output of at most 32 × 16, rows a multiple
    /// of 16.
    static func acceptsTransposed(m: Int, n: Int) -> Bool { m >= 16 && m <= 32 && m % 16 == 0 && n >= 1 && n <= 16 }

    /// `c[m, n] += aᵀ · b` with `a` stored `[k, m]` and `b` `[k, n]`: a weight gradient with few outputs over many rows,
    /// such as a first convolution's (32 filters × 9 taps over every pixel of the batch). OpenBLAS ran that one at a
    /// sixth of the speed its memory traffic allows (its kernels are built for outputs larger than their blocks); here
    /// the `m × n` sums stay in L1 while `a` and `b` stream past once, and blocks of 256 rows are summed apart and then
    /// added, so rounding grows with the number of blocks rather than with `k`.
    static func accumulateTransposed(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, m: Int, n: Int,
        k: Int
    ) {
        let blocks = m / 16
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 4 * 16) { storage in
            let (sums, totals) = (storage.baseAddress!, storage.baseAddress! + 2 * 16)
            totals.initialize(repeating: SIMD16(), count: n * blocks)
            for first in stride(from: 0, to: k, by: 256) {
                sums.initialize(repeating: SIMD16(), count: n * blocks)
                for row in first..<min(first + 256, k) {
                    let (aRow, bRow) = (UnsafeRawPointer(a + row * m), b + row * n)
                    for block in 0..<blocks {
                        let x = aRow.loadUnaligned(fromByteOffset: 64 * block, as: SIMD16<Float>.self)
                        for column in 0..<n {
                            sums[column * blocks + block].addProduct(SIMD16(repeating: bRow[column]), x)
                        }
                    }
                }
                for index in 0..<(n * blocks) { totals[index] += sums[index] }
            }
            for column in 0..<n {
                for block in 0..<blocks {
                    for lane in 0..<16 { c[(16 * block + lane) * n + column] += totals[column * blocks + block][lane] }
                }
            }
        }
    }

    /// Sixteen columns of eight consecutive output rows (`a` is the first row's values, `b` and `c` point at the
    /// panel's first column): eight sums of sixteen lanes, in registers, over `k`.
    @inline(__always)
    private static func tile(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, n: Int, k: Int
    ) {
        var weights = UnsafeRawPointer(b)
        let step = n &* 4
        let (r0, r1, r2, r3) = (a, a + k, a + 2 &* k, a + 3 &* k)
        let (r4, r5, r6, r7) = (a + 4 &* k, a + 5 &* k, a + 6 &* k, a + 7 &* k)
        var (s0, s1, s2, s3) = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
        var (s4, s5, s6, s7) = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
        for i in 0..<k {
            let w = weights.loadUnaligned(as: SIMD16<Float>.self)
            weights += step
            s0 = s0.addingProduct(SIMD16(repeating: r0[i]), w)
            s1 = s1.addingProduct(SIMD16(repeating: r1[i]), w)
            s2 = s2.addingProduct(SIMD16(repeating: r2[i]), w)
            s3 = s3.addingProduct(SIMD16(repeating: r3[i]), w)
            s4 = s4.addingProduct(SIMD16(repeating: r4[i]), w)
            s5 = s5.addingProduct(SIMD16(repeating: r5[i]), w)
            s6 = s6.addingProduct(SIMD16(repeating: r6[i]), w)
            s7 = s7.addingProduct(SIMD16(repeating: r7[i]), w)
        }
        let out = UnsafeMutableRawPointer(c)
        out.storeBytes(of: s0, as: SIMD16<Float>.self)
        out.storeBytes(of: s1, toByteOffset: step, as: SIMD16<Float>.self)
        out.storeBytes(of: s2, toByteOffset: 2 &* step, as: SIMD16<Float>.self)
        out.storeBytes(of: s3, toByteOffset: 3 &* step, as: SIMD16<Float>.self)
        out.storeBytes(of: s4, toByteOffset: 4 &* step, as: SIMD16<Float>.self)
        out.storeBytes(of: s5, toByteOffset: 5 &* step, as: SIMD16<Float>.self)
        out.storeBytes(of: s6, toByteOffset: 6 &* step, as: SIMD16<Float>.self)
        out.storeBytes(of: s7, toByteOffset: 7 &* step, as: SIMD16<Float>.self)
    }
}
