import COpenBLAS
import Foundation

/// Single-precision matrix products for the training engine: the only caller of OpenBLAS in spokend.
///
/// Row-major throughout, as the layers keep their activations (`[rows, columns]`, contiguous rows). Every
/// convolution and dense layer spends most of its time here; the rest of the engine is plain Swift loops.
enum GEMM {
    /// `c = alpha · op(a) · op(b) + beta · c`, with `op(a)` of shape `[m, k]` and `op(b)` of shape `[k, n]`.
    ///
    /// `a` is stored `[m, k]` (or `[k, m]` when `transposeA`), `b` is stored `[k, n]` (or `[n, k]` when
    /// `transposeB`), `c` is `[m, n]`. Calls `cblas_sgemm(CblasRowMajor, …)`, or `ThinProduct` for the thin products
    /// it takes (same values) and for sums `c += aᵀ · b` into at most 32 × 16 outputs (other rounding).
    static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool = false, _ b: UnsafePointer<Float>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        _ = kernelChoice
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta == 0 { c.update(repeating: 0, count: m * n) } else { for i in 0..<(m * n) { c[i] *= beta } }
            return
        }
        if transposeA, !transposeB, alpha == 1, beta == 1, ThinProduct.acceptsTransposed(m: m, n: n) {
            return ThinProduct.accumulateTransposed(a, b, into: c, m: m, n: n, k: k)
        }
        if !transposeA, alpha == 1, beta == 0, ThinProduct.accepts(n: n, k: k) {
            guard transposeB else { return ThinProduct.multiply(a, b, into: c, m: m, n: n, k: k) }
            return withUnsafeTemporaryAllocation(of: Float.self, capacity: k * n) { transposed in
                for row in 0..<n {
                    for column in 0..<k { transposed[column * n + row] = b[row * k + column] }
                }
                ThinProduct.multiply(a, UnsafePointer(transposed.baseAddress!), into: c, m: m, n: n, k: k)
            }
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c,
            Int32(n))
    }

    /// OpenBLAS's kernels for this CPU, chosen once before the first product.
    ///
    /// OpenBLAS picks its kernels from the CPU's model number; on a CPU it does not know (a virtual machine's
    /// "Intel Xeon Processor", say) it falls back to its SSE3 `Prescott` kernels, at half the speed of its AVX2 ones
    /// or less. So when it has fallen back and the CPU has AVX-512 or AVX2 with FMA (Linux's `/proc/cpuinfo` flags),
    /// the choice is made again for `SkylakeX` or `Haswell`. An `OPENBLAS_CORETYPE` set by the user is left alone.
    /// Calls `openblas_get_corename`, `gotoblas_dynamic_quit` and `gotoblas_dynamic_init`.
    private static let kernelChoice: Void = {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
            String(cString: openblas_get_corename()).lowercased() == "prescott",
            let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return }
        let flags = Set(line.split(separator: " "))
        let core =
            flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512vl")
                && flags.contains("avx512dq")
            ? "SkylakeX" : flags.contains("avx2") && flags.contains("fma") ? "Haswell" : nil
        guard let core else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        gotoblas_dynamic_quit()
        gotoblas_dynamic_init()
        unsetenv("OPENBLAS_CORETYPE")
    }()

    /// How many threads OpenBLAS uses inside one product. Process-wide state of the library; the trainer sets it
    /// once per run (1 when it runs data-parallel shards itself, so the cores are not oversubscribed).
    ///
    /// Calls `openblas_set_num_threads`.
    static func setThreads(_ count: Int) {
        _ = kernelChoice
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
