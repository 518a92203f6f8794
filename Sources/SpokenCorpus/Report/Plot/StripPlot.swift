/// One value distribution per group (e.g. F0 per speaker) as a box plot with every value drawn over it, as SVG.
///
/// Boxes span the quartiles with the median marked; whiskers reach the furthest values within 1.5 × IQR (Tukey).
/// The points are spread sideways by a fixed pattern, not at random, so the same data give the same picture. A group
/// takes the colour of its category; the legend names the categories.
public struct StripPlot: Sendable {
    public struct Group: Sendable {
        public var label: String
        public var values: [Double]
        /// Index into `categories`, for the colour.
        public var category: Int

        public init(label: String, values: [Double], category: Int = 0) {
            self.label = label
            self.values = values
            self.category = category
        }
    }

    public var title: String
    public var yLabel: String
    public var groups: [Group]
    public var categories: [String]

    public init(title: String, yLabel: String, groups: [Group], categories: [String] = []) {
        self.title = title
        self.yLabel = yLabel
        self.groups = groups
        self.categories = categories
    }

    /// Quartiles by linear interpolation between order statistics (numpy's default `percentile`).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }

    public func svg() -> String {
        let legendWidth = categories.count > 1 ? 130.0 : 0
        let cell = groups.count > 12 ? 16.0 : 48.0
        let rotated = groups.count > 12
        var frame = PlotFrame(width: max(640, 90 + legendWidth + cell * Double(groups.count)), height: 420)
        frame.right += legendWidth
        if rotated { frame.bottom = 110 }
        var canvas = SVGCanvas(width: frame.width, height: frame.height)
        let y = LinearScale(covering: groups.flatMap(\.values), range: frame.plotY, flipped: true)
        frame.yAxis(&canvas, y)
        let step = (frame.plotX.upperBound - frame.plotX.lowerBound) / Double(max(1, groups.count))
        for (index, group) in groups.enumerated() {
            let centre = frame.plotX.lowerBound + step * (Double(index) + 0.5)
            let colour = Palette.colour(group.category)
            let values = group.values.filter(\.isFinite).sorted()
            if !values.isEmpty {
                let q1 = Self.quantile(values, 0.25)
                let median = Self.quantile(values, 0.5)
                let q3 = Self.quantile(values, 0.75)
                let reach = 1.5 * (q3 - q1)
                let low = values.first { $0 >= q1 - reach } ?? values[0]
                let high = values.last { $0 <= q3 + reach } ?? values[values.count - 1]
                let half = step * 0.35
                canvas.line(centre, y(low), centre, y(q1), stroke: colour)
                canvas.line(centre, y(q3), centre, y(high), stroke: colour)
                canvas.rect(centre - half, y(q3), 2 * half, y(q1) - y(q3), fill: colour, stroke: colour, opacity: 0.25)
                canvas.line(centre - half, y(median), centre + half, y(median), stroke: colour, width: 2)
                for (position, value) in group.values.enumerated() where value.isFinite {
                    // Golden-ratio spread: evenly filled, deterministic offsets in (-0.3, 0.3) of a cell.
                    let offset = (Double(position) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) - 0.5
                    canvas.circle(centre + offset * step * 0.6, y(value), radius: 1.6, fill: colour, opacity: 0.6)
                }
            }
            let labelY = frame.plotY.upperBound + 14
            if rotated {
                canvas.text(group.label, centre + 3, labelY, size: 9, anchor: "end", rotate: -60)
            } else {
                canvas.text(group.label, centre, labelY + 3, size: 11, anchor: "middle")
            }
        }
        frame.decorate(&canvas, title: title, xLabel: "", yLabel: yLabel)
        if categories.count > 1 {
            PlotFrame.legend(&canvas, names: categories, x: frame.plotX.upperBound + 16, y: frame.plotY.lowerBound + 12)
        }
        return canvas.render()
    }
}
