import SpokenDSP

/// A clip's log-mel features as one fixed-length vector, for the corpus embedding: the mean and the standard
/// deviation of each mel band over the clip's frames (2 × mels values).
///
/// Mean and spread keep the clip's spectral envelope and how much it moves, and do not depend on its length, so
/// clips of any duration can be compared; the order of sounds is lost, which is fine for a picture of the corpus.
public enum ClipSummary {
    /// Per band mean, then per band population standard deviation; nil when there are no frames.
    public static func of(_ features: FeatureMatrix) -> [Double]? {
        let frames = features.frameCount
        let mels = features.melCount
        guard frames > 0 else { return nil }
        var mean = [Double](repeating: 0, count: mels)
        var square = [Double](repeating: 0, count: mels)
        for t in 0..<frames {
            for m in 0..<mels {
                let v = Double(features[t, m])
                mean[m] += v
                square[m] += v * v
            }
        }
        let n = Double(frames)
        let std = (0..<mels).map { m in max(0, square[m] / n - (mean[m] / n) * (mean[m] / n)).squareRoot() }
        return mean.map { $0 / n } + std
    }

    /// Each column scaled to zero mean and unit variance across rows (a constant column becomes zeros), so no band
    /// dominates the embedding's distances by its range alone.
    public static func standardized(_ rows: [[Double]]) -> [[Double]] {
        guard let width = rows.first?.count, rows.count > 1 else { return rows }
        let n = Double(rows.count)
        var mean = [Double](repeating: 0, count: width)
        var square = [Double](repeating: 0, count: width)
        for row in rows {
            for c in 0..<width {
                mean[c] += row[c]
                square[c] += row[c] * row[c]
            }
        }
        let std = (0..<width).map { c in max(0, square[c] / n - (mean[c] / n) * (mean[c] / n)).squareRoot() }
        return rows.map { row in (0..<width).map { c in std[c] > 1e-12 ? (row[c] - mean[c] / n) / std[c] : 0 } }
    }
}
