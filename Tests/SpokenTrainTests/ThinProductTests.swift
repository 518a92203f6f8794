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

    @Test("shapes outside its range are left to OpenBLAS", arguments: [(16, 65), (24, 8), (8, 64), (0, 4)])
    func declines(n: Int, k: Int) {
        #expect(!ThinProduct.accepts(n: n, k: k))
    }
}
