// The per-row bias arithmetic that the convolutions and the dense layer share.

/// Adds `bias[j]` to every row's column `j`.
func addBias(_ bias: UnsafePointer<Float>, to values: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    for row in 0..<rows {
        let line = values + row * columns
        for j in 0..<columns { line[j] += bias[j] }
    }
}

/// Adds each column's sum over the rows to `sums[j]` (a bias gradient).
func sumRows(_ values: UnsafePointer<Float>, into sums: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    for row in 0..<rows {
        let line = values + row * columns
        for j in 0..<columns { sums[j] += line[j] }
    }
}
