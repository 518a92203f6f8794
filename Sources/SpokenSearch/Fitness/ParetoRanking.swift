/// NSGA-II's two measures (Deb et al., 2002): non-dominated sorting into fronts and the crowding distance within a
/// front. Every objective is minimized (pass −accuracy to maximize accuracy).
public enum ParetoRanking {
    /// Whether `a` dominates `b`: no worse in every objective and better in at least one.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var better = false
        for (x, y) in zip(a, b) {
            if x > y { return false }
            if x < y { better = true }
        }
        return better
    }

    /// The indices of `points` by front: front 0 is dominated by none, front 1 only by front 0, and so on; each
    /// front in ascending index order.
    public static func fronts(_ points: [[Double]]) -> [[Int]] {
        var dominatedBy = [Int](repeating: 0, count: points.count)
        var dominating = [[Int]](repeating: [], count: points.count)
        for i in points.indices {
            for j in points.indices where i != j {
                if dominates(points[i], points[j]) {
                    dominating[i].append(j)
                } else if dominates(points[j], points[i]) {
                    dominatedBy[i] += 1
                }
            }
        }
        var fronts: [[Int]] = []
        var current = points.indices.filter { dominatedBy[$0] == 0 }
        while !current.isEmpty {
            fronts.append(current)
            var next: [Int] = []
            for i in current {
                for j in dominating[i] {
                    dominatedBy[j] -= 1
                    if dominatedBy[j] == 0 { next.append(j) }
                }
            }
            current = next.sorted()
        }
        return fronts
    }

    /// The crowding distance of each member of `front` (indices into `points`), in the order of `front`: per
    /// objective, the boundary points get infinity and the others the normalized gap between their neighbours,
    /// summed over the objectives.
    public static func crowding(_ front: [Int], _ points: [[Double]]) -> [Double] {
        var distance = [Double](repeating: 0, count: front.count)
        guard let objectives = front.first.map({ points[$0].count }) else { return distance }
        for objective in 0..<objectives {
            let order = front.indices.sorted { points[front[$0]][objective] < points[front[$1]][objective] }
            let low = points[front[order.first!]][objective]
            let high = points[front[order.last!]][objective]
            distance[order.first!] = .infinity
            distance[order.last!] = .infinity
            guard high > low, order.count > 2 else { continue }
            for rank in 1..<(order.count - 1) {
                let gap = points[front[order[rank + 1]]][objective] - points[front[order[rank - 1]]][objective]
                distance[order[rank]] += gap / (high - low)
            }
        }
        return distance
    }

    /// Indices of `points` best first: by front, then by crowding distance (larger first), then by index.
    public static func order(_ points: [[Double]]) -> [Int] {
        fronts(points).flatMap { front in
            let distance = crowding(front, points)
            return front.indices.sorted { a, b in
                distance[a] != distance[b] ? distance[a] > distance[b] : front[a] < front[b]
            }.map { front[$0] }
        }
    }
}
