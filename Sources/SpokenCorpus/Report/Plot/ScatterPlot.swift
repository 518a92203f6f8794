/// Points in two dimensions coloured by category, with a legend (e.g. an embedding of clips by language), as SVG.
///
/// Categories are drawn in turn, so with many points the last category lies on top; points are small and
/// translucent so dense regions still show their mix.
public struct ScatterPlot: Sendable {
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        /// Index into `categories`.
        public var category: Int

        public init(x: Double, y: Double, category: Int) {
            self.x = x
            self.y = y
            self.category = category
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var points: [Point]
    public var categories: [String]

    public init(title: String, xLabel: String, yLabel: String, points: [Point], categories: [String]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.categories = categories
    }

    public func svg() -> String {
        var frame = PlotFrame(width: 760, height: 600)
        frame.right += 130
        var canvas = SVGCanvas(width: frame.width, height: frame.height)
        let x = LinearScale(covering: points.map(\.x), range: frame.plotX)
        let y = LinearScale(covering: points.map(\.y), range: frame.plotY, flipped: true)
        frame.yAxis(&canvas, y)
        frame.xAxis(&canvas, x)
        let radius = points.count > 2000 ? 1.8 : 3
        for category in categories.indices {
            for point in points where point.category == category {
                canvas.circle(x(point.x), y(point.y), radius: radius, fill: Palette.colour(category), opacity: 0.6)
            }
        }
        frame.decorate(&canvas, title: title, xLabel: xLabel, yLabel: yLabel)
        PlotFrame.legend(&canvas, names: categories, x: frame.plotX.upperBound + 16, y: frame.plotY.lowerBound + 12)
        return canvas.render()
    }
}
