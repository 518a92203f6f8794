/// Principal component analysis of row vectors: the directions of largest variance, by eigen-decomposition of the
/// covariance matrix.
///
/// The covariance is at most a few hundred columns wide here (clip summaries of 40 mel bands), so the cyclic Jacobi
/// method is fast, exact to rounding and needs no LAPACK. Each component's sign is fixed so that its largest
/// coordinate is positive, so the same data give the same picture.
public struct PCA: Sendable {
    /// The column means that were subtracted.
    public let mean: [Double]
    /// Unit-length principal axes, largest variance first.
    public let components: [[Double]]
    /// The variance along each component (covariance eigenvalue, `n - 1` normalisation as numpy's `cov`).
    public let explainedVariance: [Double]
    /// Total variance of the data (the covariance's trace), for the explained fraction.
    public let totalVariance: Double

    /// Fits `count` components to `rows` (all the same width, at least two rows).
    public init(fitting rows: [[Double]], components count: Int) throws(CorpusError) {
        guard rows.count >= 2, let width = rows.first?.count, width >= 1 else {
            throw CorpusError(.invalidOption, "PCA needs at least two rows of at least one value, got \(rows.count)")
        }
        guard rows.allSatisfy({ $0.count == width }) else {
            throw CorpusError(.invalidOption, "PCA rows differ in width")
        }
        let n = Double(rows.count)
        var mean = [Double](repeating: 0, count: width)
        for row in rows { for j in 0..<width { mean[j] += row[j] } }
        for j in 0..<width { mean[j] /= n }
        var covariance = [Double](repeating: 0, count: width * width)
        for row in rows {
            for i in 0..<width {
                let a = row[i] - mean[i]
                for j in i..<width { covariance[i * width + j] += a * (row[j] - mean[j]) }
            }
        }
        for i in 0..<width {
            for j in i..<width {
                covariance[i * width + j] /= n - 1
                covariance[j * width + i] = covariance[i * width + j]
            }
        }
        let (values, vectors) = Self.symmetricEigen(covariance, size: width)
        let order = values.indices.sorted { values[$0] > values[$1] }.prefix(min(count, width))
        self.mean = mean
        self.explainedVariance = order.map { max(0, values[$0]) }
        self.totalVariance = (0..<width).reduce(0) { $0 + covariance[$1 * width + $1] }
        self.components = order.map { column in
            var axis = (0..<width).map { vectors[$0 * width + column] }
            let largest = axis.indices.max { abs(axis[$0]) < abs(axis[$1]) }!
            if axis[largest] < 0 { axis = axis.map { -$0 } }
            return axis
        }
    }

    /// `rows` in component coordinates.
    public func transform(_ rows: [[Double]]) -> [[Double]] {
        rows.map { row in
            components.map { axis in
                var sum = 0.0
                for j in axis.indices { sum += (row[j] - mean[j]) * axis[j] }
                return sum
            }
        }
    }

    /// Eigenvalues and eigenvectors (columns of the returned row-major matrix) of a symmetric matrix, by cyclic
    /// Jacobi rotations until the off-diagonal part is negligible.
    static func symmetricEigen(_ matrix: [Double], size n: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = max(1e-300, a.reduce(0) { $0 + $1 * $1 })
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { off += a[i * n + j] * a[i * n + j] } }
            if off <= 1e-30 * scale { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = a[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p]
                        let akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k]
                        let aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p]
                        let vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
