import COpenBLAS
import SpokenDSP
import Testing

@testable import SpokenTrain

/// Whether OpenBLAS's kernels for this CPU (as the engine selects them) are its fused multiply-add ones.
private let openBLASFusesMultiplyAdd: Bool = {
    GEMM.setThreads(1)
    let core = String(cString: openblas_get_corename()).lowercased()
    return ["haswell", "skylakex", "cooperlake", "sapphirerapids", "zen"].contains(core)
}()

/// The thin-product kernel against OpenBLAS's `cblas_sgemm` on the same operands: the training engine relies on the
/// two giving the same values (a network trains to the same weights whichever computes its 1×1 convolutions). That holds
/// for OpenBLAS's fused multiply-add kernels, the ones it runs on any x86 CPU of the last decade.
@Suite(.enabled(if: openBLASFusesMultiplyAdd, "OpenBLAS runs kernels without fused multiply-add here"))
struct ThinProductTests {
    @Test(
        "equals cblas_sgemm bit for bit, last rows and all",
        arguments: [(1, 16, 1), (7, 16, 9), (13, 32, 40), (100, 64, 64), (203, 48, 64), (70, 288, 64), (9, 128, 3)])
    func equalsOpenBLAS(m: Int, n: Int, k: Int) {
        #expect(ThinProduct.accepts(n: n, k: k))
        var random = SplitMix64(seed: UInt64(m * 1000 + n * 10 + k))
        let a = (0..<(m * k)).map { _ in random.unitFloat() * 2 - 1 }
        let b = (0..<(k * n)).map { _ in random.unitFloat() * 2 - 1 }
        var thin = [Float](repeating: .nan, count: m * n)
        var blas = [Float](repeating: .nan, count: m * n)
        ThinProduct.multiply(a, b, into: &thin, m: m, n: n, k: k)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0,
            &blas, Int32(n))
        #expect(thin.map(\.bitPattern) == blas.map(\.bitPattern))
    }

    @Test("GEMM with the second operand transposed takes the thin path and still equals cblas_sgemm")
    func transposedOperand() {
        let (m, n, k) = (37, 64, 40)
        var random = SplitMix64(seed: 2)
        let a = (0..<(m * k)).map { _ in random.unitFloat() * 2 - 1 }
        let weights = (0..<(n * k)).map { _ in random.unitFloat() * 2 - 1 }
        var engine = [Float](repeating: .nan, count: m * n)
        var blas = [Float](repeating: .nan, count: m * n)
        GEMM.multiply(a, weights, transposeB: true, into: &engine, m: m, n: n, k: k)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), weights, Int32(k),
            0, &blas, Int32(n))
        #expect(engine.map(\.bitPattern) == blas.map(\.bitPattern))
    }

    /// Not bit for bit: the sums run over blocks of 256 rows, OpenBLAS's over its own blocks. Each value within 10⁻⁵ of
    /// the sum of the absolute products (a float sum of 256 terms and a few block sums errs by far less), and onto
    /// what `c` held before.
    @Test(
        "c += aᵀ·b into a small output (a first convolution's weight gradient) agrees with cblas_sgemm",
        arguments: [(16, 9, 1000), (32, 9, 6400), (32, 16, 7)])
    func accumulatesTransposed(m: Int, n: Int, k: Int) {
        #expect(ThinProduct.acceptsTransposed(m: m, n: n))
        var random = SplitMix64(seed: UInt64(m * 1000 + n * 10 + k))
        let a = (0..<(k * m)).map { _ in random.unitFloat() * 2 - 1 }
        let b = (0..<(k * n)).map { _ in random.unitFloat() * 2 - 1 }
        let start = (0..<(m * n)).map { _ in random.unitFloat() }
        var engine = start
        var blas = start
        var magnitude = [Float](repeating: 0, count: m * n)
        GEMM.multiply(a, transposeA: true, b, into: &engine, m: m, n: n, k: k, beta: 1)
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(m), b, Int32(n), 1,
            &blas, Int32(n))
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a.map(abs), Int32(m), b.map(abs),
            Int32(n), 0, &magnitude, Int32(n))
        for index in 0..<(m * n) {
            #expect(abs(engine[index] - blas[index]) <= 1e-5 * (magnitude[index] + start[index]), "output \(index)")
        }
    }

    @Test("shapes outside its range are left to OpenBLAS", arguments: [(16, 65), (24, 8), (8, 64), (0, 4)])
    func declines(n: Int, k: Int) {
        #expect(!ThinProduct.accepts(n: n, k: k))
    }

    @Test("outputs outside its range are left to OpenBLAS", arguments: [(8, 9), (48, 9), (64, 4), (32, 17)])
    func declinesTransposed(m: Int, n: Int) {
        #expect(!ThinProduct.acceptsTransposed(m: m, n: n))
    }
}
