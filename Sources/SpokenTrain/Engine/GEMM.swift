import COpenBLAS

/// Single-precision matrix products for the training engine: the only caller of OpenBLAS in spokend.
///
/// Row-major throughout, as the layers keep their activations (`[rows, columns]`, contiguous rows). Every
/// convolution and dense layer spends most of its time here; the rest of the engine is plain Swift loops.
enum GEMM {
    /// `c = alpha · op(a) · op(b) + beta · c`, with `op(a)` of shape `[m, k]` and `op(b)` of shape `[k, n]`.
    ///
    /// `a` is stored `[m, k]` (or `[k, m]` when `transposeA`), `b` is stored `[k, n]` (or `[n, k]` when
    /// `transposeB`), `c` is `[m, n]`. Calls `cblas_sgemm(CblasRowMajor, …)`.
    static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool = false, _ b: UnsafePointer<Float>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta == 0 { c.update(repeating: 0, count: m * n) } else { for i in 0..<(m * n) { c[i] *= beta } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c,
            Int32(n))
    }

    /// How many threads OpenBLAS uses inside one product. Process-wide state of the library; the trainer sets it
    /// once per run (1 when it runs data-parallel shards itself, so the cores are not oversubscribed).
    ///
    /// Calls `openblas_set_num_threads`.
    static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
