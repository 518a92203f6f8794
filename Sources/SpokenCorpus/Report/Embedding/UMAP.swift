import Foundation
import SpokenDSP

/// UMAP (McInnes, Healy & Melville 2018) to two dimensions, as SpokeN-100 used to picture its clips.
///
/// The steps follow umap-learn's defaults: exact k nearest neighbours (Euclidean; a few thousand points, so brute
/// force is fine and deterministic), per-point `ρ` and `σ` by binary search so that each point's membership weights
/// sum to log₂ k, fuzzy union `a + b − ab` of the directed graph, the low-dimensional curve `1 / (1 + a d^{2b})`
/// fitted to `minDistance` and `spread`, then stochastic gradient descent with edge sampling by weight, 5 negative
/// samples per positive one, gradients clipped at 4 and a linearly decaying learning rate. Differences from
/// umap-learn, on purpose: the start layout is PCA scaled to ±10 (umap-learn's `init="pca"`), not the spectral
/// embedding, which needs a sparse eigensolver; and everything runs on one thread from a `SplitMix64` seed, so the
/// same input and seed give the same coordinates.
public struct UMAP: Sendable {
    public var neighbors: Int
    public var minDistance: Double
    public var spread: Double
    /// Optimisation epochs; nil means umap-learn's choice (500 up to 10,000 points, else 200).
    public var epochs: Int?
    public var negativeSampleRate: Int
    public var seed: UInt64

    public init(
        neighbors: Int = 15, minDistance: Double = 0.1, spread: Double = 1, epochs: Int? = nil,
        negativeSampleRate: Int = 5, seed: UInt64 = 42
    ) {
        self.neighbors = neighbors
        self.minDistance = minDistance
        self.spread = spread
        self.epochs = epochs
        self.negativeSampleRate = negativeSampleRate
        self.seed = seed
    }

    /// Two coordinates per row of `rows`.
    public func embed(_ rows: [[Double]]) throws(CorpusError) -> [[Double]] {
        guard neighbors >= 2, minDistance >= 0, spread > 0, minDistance <= spread else {
            throw CorpusError(
                .invalidOption,
                "UMAP: need neighbours ≥ 2 and 0 ≤ min distance ≤ spread (got \(neighbors), \(minDistance), \(spread))")
        }
        let n = rows.count
        guard n > 2 else { return rows.map { _ in [0, 0] } }
        let k = min(neighbors, n - 1)
        let graph = Self.fuzzyGraph(Self.nearestNeighbors(rows, k: k), k: k)
        let pca = try PCA(fitting: rows, components: 2)
        var start = pca.transform(rows).map { $0.count == 2 ? $0 : [$0.first ?? 0, 0] }
        let largest = max(1e-12, start.flatMap { $0.map(abs) }.max() ?? 1)
        start = start.map { $0.map { $0 / largest * 10 } }
        let (a, b) = Self.curveParameters(minDistance: minDistance, spread: spread)
        return optimise(start, graph: graph, a: a, b: b, epochs: epochs ?? (n <= 10_000 ? 500 : 200))
    }

    /// Each row's `k` nearest other rows and their distances, nearest first (ties by index).
    static func nearestNeighbors(_ rows: [[Double]], k: Int) -> [[(index: Int, distance: Double)]] {
        let n = rows.count
        let width = rows[0].count
        let flat = rows.flatMap { $0 }
        return flat.withUnsafeBufferPointer { x in
            (0..<n).map { i in
                var best: [(index: Int, distance: Double)] = []
                best.reserveCapacity(k + 1)
                for j in 0..<n where j != i {
                    var sum = 0.0
                    for c in 0..<width {
                        let d = x[i * width + c] - x[j * width + c]
                        sum += d * d
                    }
                    if best.count == k, sum >= best[k - 1].distance { continue }
                    var position = best.count
                    while position > 0 && best[position - 1].distance > sum { position -= 1 }
                    best.insert((j, sum), at: position)
                    if best.count > k { best.removeLast() }
                }
                return best.map { ($0.index, $0.distance.squareRoot()) }
            }
        }
    }

    /// The symmetric fuzzy simplicial set as an edge list (each undirected edge once, `i < j`) with weights.
    static func fuzzyGraph(_ knn: [[(index: Int, distance: Double)]], k: Int) -> [(i: Int, j: Int, weight: Double)] {
        let target = log2(Double(k))
        var directed: [Int: Double] = [:]
        let n = knn.count
        for (i, row) in knn.enumerated() {
            let rho = row.first { $0.distance > 0 }?.distance ?? 0
            // Binary search for σ so that Σ exp(−max(0, d − ρ)/σ) = log₂ k, as umap-learn's smooth_knn_dist.
            var low = 0.0
            var high = Double.infinity
            var sigma = 1.0
            for _ in 0..<64 {
                var sum = 0.0
                for neighbor in row {
                    let d = neighbor.distance - rho
                    sum += d > 0 ? exp(-d / sigma) : 1
                }
                if abs(sum - target) < 1e-5 { break }
                if sum > target {
                    high = sigma
                    sigma = (low + high) / 2
                } else {
                    low = sigma
                    sigma = high == .infinity ? sigma * 2 : (low + high) / 2
                }
            }
            let meanDistance = row.reduce(0) { $0 + $1.distance } / Double(max(1, row.count))
            sigma = max(sigma, 1e-3 * meanDistance)  // umap-learn's MIN_K_DIST_SCALE floor
            for neighbor in row {
                let d = neighbor.distance - rho
                directed[i * n + neighbor.index] = d > 0 ? exp(-d / sigma) : 1
            }
        }
        var edges: [(i: Int, j: Int, weight: Double)] = []
        for (key, w) in directed {
            let i = key / n
            let j = key % n
            let back = directed[j * n + i] ?? 0
            if i < j || back == 0 { edges.append((min(i, j), max(i, j), w + back - w * back)) }
        }
        edges.sort { ($0.i, $0.j) < ($1.i, $1.j) }
        return edges
    }

    /// `a` and `b` of the curve `1 / (1 + a x^{2b})` fitted by least squares to 1 below `minDistance` and
    /// `exp(−(x − minDistance)/spread)` above, on 300 points of [0, 3·spread] (umap-learn's `find_ab_params`).
    static func curveParameters(minDistance: Double, spread: Double) -> (a: Double, b: Double) {
        let xs = (0..<300).map { 3 * spread * Double($0) / 299 }
        let ys = xs.map { $0 < minDistance ? 1 : exp(-($0 - minDistance) / spread) }
        var a = 1.0
        var b = 1.0
        var lambda = 1e-3
        func cost(_ a: Double, _ b: Double) -> Double {
            zip(xs, ys).reduce(0) { sum, p in
                let r = 1 / (1 + a * pow(p.0, 2 * b)) - p.1
                return sum + r * r
            }
        }
        var current = cost(a, b)
        // Levenberg–Marquardt on two parameters.
        for _ in 0..<500 {
            var jtj = (0.0, 0.0, 0.0)
            var jtr = (0.0, 0.0)
            for (x, y) in zip(xs, ys) where x > 0 {
                let p = pow(x, 2 * b)
                let f = 1 / (1 + a * p)
                let r = f - y
                let da = -p * f * f
                let db = -a * p * 2 * log(x) * f * f
                jtj.0 += da * da
                jtj.1 += da * db
                jtj.2 += db * db
                jtr.0 += da * r
                jtr.1 += db * r
            }
            let m00 = jtj.0 * (1 + lambda)
            let m11 = jtj.2 * (1 + lambda)
            let det = m00 * m11 - jtj.1 * jtj.1
            guard det != 0 else { break }
            let stepA = -(m11 * jtr.0 - jtj.1 * jtr.1) / det
            let stepB = -(m00 * jtr.1 - jtj.1 * jtr.0) / det
            let trial = cost(a + stepA, b + stepB)
            if trial < current {
                a += stepA
                b += stepB
                let improvement = current - trial
                current = trial
                lambda /= 10
                if improvement < 1e-15 { break }
            } else {
                lambda *= 10
                if lambda > 1e12 { break }
            }
        }
        return (a, b)
    }

    /// Stochastic gradient descent on the layout, as umap-learn's `optimize_layout_euclidean` with `move_other`.
    private func optimise(
        _ start: [[Double]], graph: [(i: Int, j: Int, weight: Double)], a: Double, b: Double, epochs: Int
    ) -> [[Double]] {
        let n = start.count
        var y = start.flatMap { $0 }
        let maxWeight = graph.map(\.weight).max() ?? 1
        // Edges too weak to be sampled even once are dropped, as umap-learn does; each edge is sampled from both ends,
        // as umap-learn walks both triangles of the symmetric graph.
        let kept = graph.filter { $0.weight >= maxWeight / Double(epochs) }
        let edges = kept + kept.map { (i: $0.j, j: $0.i, weight: $0.weight) }
        let perSample = edges.map { maxWeight / $0.weight }
        let perNegative = perSample.map { $0 / Double(negativeSampleRate) }
        var nextSample = perSample
        var nextNegative = perNegative
        var random = SplitMix64(seed: seed)
        func clip(_ value: Double) -> Double { min(4, max(-4, value)) }
        for epoch in 0..<epochs {
            let alpha = 1 - Double(epoch) / Double(epochs)
            let now = Double(epoch)
            for e in edges.indices where nextSample[e] <= now {
                let i = edges[e].i
                let j = edges[e].j
                var dx = y[2 * i] - y[2 * j]
                var dy = y[2 * i + 1] - y[2 * j + 1]
                var d2 = dx * dx + dy * dy
                if d2 > 0 {
                    let coefficient = -2 * a * b * pow(d2, b - 1) / (a * pow(d2, b) + 1)
                    let gx = clip(coefficient * dx) * alpha
                    let gy = clip(coefficient * dy) * alpha
                    y[2 * i] += gx
                    y[2 * i + 1] += gy
                    y[2 * j] -= gx
                    y[2 * j + 1] -= gy
                }
                nextSample[e] += perSample[e]
                let negatives = Int((now - nextNegative[e]) / perNegative[e])
                for _ in 0..<max(0, negatives) {
                    let other = Int(random.next() % UInt64(n))
                    if other == i { continue }
                    dx = y[2 * i] - y[2 * other]
                    dy = y[2 * i + 1] - y[2 * other + 1]
                    d2 = dx * dx + dy * dy
                    let coefficient = d2 > 0 ? 2 * b / ((0.001 + d2) * (a * pow(d2, b) + 1)) : 0
                    y[2 * i] += (coefficient > 0 ? clip(coefficient * dx) : 4) * alpha
                    y[2 * i + 1] += (coefficient > 0 ? clip(coefficient * dy) : 4) * alpha
                }
                nextNegative[e] += Double(max(0, negatives)) * perNegative[e]
            }
        }
        return (0..<n).map { [y[2 * $0], y[2 * $0 + 1]] }
    }
}
