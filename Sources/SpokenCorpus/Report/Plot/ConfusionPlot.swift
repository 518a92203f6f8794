import Foundation

/// A confusion matrix as an SVG heat map: rows are the true classes, columns the answers, each cell shaded by its
/// share of the row (so a class with few clips is as readable as one with many), with the count written in when
/// there are at most 20 classes.
public struct ConfusionPlot: Sendable {
    public var title: String
    /// Class labels, in row and column order.
    public var labels: [String]
    /// `counts[true][answered]`.
    public var counts: [[Int]]

    public init(title: String, labels: [String], counts: [[Int]]) {
        self.title = title
        self.labels = labels
        self.counts = counts
    }

    public func svg() -> String {
        let n = max(labels.count, 1)
        let cell = n <= 20 ? 28.0 : max(6, 600 / Double(n))
        let margin = (left: 70.0, top: 60.0, right: 20.0, bottom: 60.0)
        var canvas = SVGCanvas(
            width: margin.left + cell * Double(n) + margin.right, height: margin.top + cell * Double(n) + margin.bottom)
        canvas.text(title, margin.left, 24, size: 14, bold: true)
        let every = max(1, n / 20)
        for (row, values) in counts.enumerated() {
            let total = max(values.reduce(0, +), 1)
            for (column, count) in values.enumerated() {
                let share = Double(count) / Double(total)
                let x = margin.left + Double(column) * cell
                let y = margin.top + Double(row) * cell
                let colour = row == column ? "#0072B2" : "#D55E00"
                canvas.rect(x, y, cell, cell, fill: count == 0 ? "#f4f4f4" : colour, opacity: max(0.08, share))
                if n <= 20 && count > 0 {
                    canvas.text("\(count)", x + cell / 2, y + cell / 2 + 4, size: 10, anchor: "middle")
                }
            }
        }
        for (index, label) in labels.enumerated() where index % every == 0 {
            let middle = Double(index) * cell + cell / 2
            canvas.text(label, margin.left - 6, margin.top + middle + 4, size: 10, anchor: "end")
            canvas.text(label, margin.left + middle, margin.top - 6, size: 10, anchor: "middle")
        }
        canvas.text("answered", margin.left + cell * Double(n) / 2, margin.top - 24, size: 12, anchor: "middle")
        canvas.text(
            "true", 18, margin.top + cell * Double(n) / 2, size: 12, anchor: "middle", rotate: -90)
        return canvas.render()
    }
}
