/// A histogram of one or more series over shared bins (e.g. clip durations per language), as SVG.
///
/// With several series the bars are drawn translucent on top of each other, in series order, with a legend.
public struct Histogram: Sendable {
    public var title: String
    public var xLabel: String
    public var series: [(name: String, values: [Double])]
    public var bins: Int

    public init(title: String, xLabel: String, series: [(name: String, values: [Double])], bins: Int = 30) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
        self.bins = max(1, bins)
    }

    /// The bin edges (`bins + 1` of them) spanning every finite value of every series.
    public var edges: [Double] {
        let all = series.flatMap(\.values).filter(\.isFinite)
        let low = all.min() ?? 0
        var high = all.max() ?? 1
        if high <= low { high = low + 1 }
        return (0...bins).map { low + (high - low) * Double($0) / Double(bins) }
    }

    /// How many values of each series fall in each bin; the last bin includes its upper edge, as numpy's.
    public var counts: [[Int]] {
        let edges = edges
        let low = edges.first!
        let width = (edges.last! - low) / Double(bins)
        return series.map { series in
            var counts = [Int](repeating: 0, count: bins)
            for value in series.values where value.isFinite {
                counts[min(bins - 1, max(0, Int((value - low) / width)))] += 1
            }
            return counts
        }
    }

    public func svg() -> String {
        let legendWidth = series.count > 1 ? 130.0 : 0
        var frame = PlotFrame(width: 640 + legendWidth, height: 400)
        frame.right += legendWidth
        var canvas = SVGCanvas(width: frame.width, height: frame.height)
        let edges = edges
        let counts = counts
        let x = LinearScale(covering: [edges.first!, edges.last!], range: frame.plotX)
        let y = LinearScale(
            covering: counts.flatMap { $0.map(Double.init) }, range: frame.plotY, flipped: true, includeZero: true)
        frame.yAxis(&canvas, y)
        frame.xAxis(&canvas, x)
        for (index, counts) in counts.enumerated() {
            for (bin, count) in counts.enumerated() where count > 0 {
                let left = x(edges[bin])
                let top = y(Double(count))
                canvas.rect(
                    left, top, x(edges[bin + 1]) - left, y(0) - top, fill: Palette.colour(index), stroke: "white",
                    opacity: series.count > 1 ? 0.55 : 0.9)
            }
        }
        frame.decorate(&canvas, title: title, xLabel: xLabel, yLabel: "count")
        if series.count > 1 {
            PlotFrame.legend(
                &canvas, names: series.map(\.name), x: frame.plotX.upperBound + 16, y: frame.plotY.lowerBound + 12)
        }
        return canvas.render()
    }
}
