/// How well labels separate in a set of points: the mean fraction of each point's `k` nearest neighbours that share
/// its label. 1 means every neighbourhood is pure; with `c` balanced labels mixed at random it is about 1/c.
public enum NeighbourAgreement {
    public static func score(points: [[Double]], labels: [Int], k: Int) -> Double {
        let n = points.count
        guard n > k, k >= 1 else { return .nan }
        let neighbours = UMAP.nearestNeighbors(points, k: k)
        var agreeing = 0
        for i in 0..<n { agreeing += neighbours[i].filter { labels[$0.index] == labels[i] }.count }
        return Double(agreeing) / Double(n * k)
    }
}
