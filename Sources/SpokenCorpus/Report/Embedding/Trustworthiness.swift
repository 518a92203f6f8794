/// How faithfully a low-dimensional embedding keeps each point's neighbourhood (Venna & Kaski 2001), in [0, 1].
///
/// Penalises points that are among a point's `k` nearest in the embedding but far down its ranking in the original
/// space; 1 means every embedded neighbourhood is a true one. Same definition as
/// `sklearn.manifold.trustworthiness`, which the tests check it against.
public enum Trustworthiness {
    /// The trustworthiness of `embedded` (one row per row of `original`) at `k` neighbours; needs `k < n / 2`.
    public static func score(original: [[Double]], embedded: [[Double]], k: Int) -> Double {
        let n = original.count
        guard n > 2 * k + 1, k >= 1 else { return .nan }
        func squaredDistances(_ rows: [[Double]], from i: Int) -> [Double] {
            rows.map { row in
                var sum = 0.0
                for c in row.indices {
                    let d = rows[i][c] - row[c]
                    sum += d * d
                }
                return sum
            }
        }
        var penalty = 0.0
        for i in 0..<n {
            let inOriginal = squaredDistances(original, from: i)
            // Rank of every point by original distance (1 = nearest other point), ties by index as a stable sort.
            let order = (0..<n).filter { $0 != i }.sorted { (inOriginal[$0], $0) < (inOriginal[$1], $1) }
            var rank = [Int](repeating: 0, count: n)
            for (position, j) in order.enumerated() { rank[j] = position + 1 }
            let inEmbedded = squaredDistances(embedded, from: i)
            let nearest = (0..<n).filter { $0 != i }.sorted { (inEmbedded[$0], $0) < (inEmbedded[$1], $1) }.prefix(k)
            for j in nearest where rank[j] > k { penalty += Double(rank[j] - k) }
        }
        let nk = Double(n * k)
        return 1 - penalty * 2 / (nk * (2 * Double(n) - 3 * Double(k) - 1))
    }
}
