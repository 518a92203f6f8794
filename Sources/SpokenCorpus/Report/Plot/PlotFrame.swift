/// The parts every plot shares: margins, title, axis titles, numeric ticks and a legend of categories.
struct PlotFrame {
    var width: Double
    var height: Double
    var left = 70.0
    var right = 20.0
    var top = 40.0
    var bottom = 60.0

    var plotX: ClosedRange<Double> { left...(width - right) }
    var plotY: ClosedRange<Double> { top...(height - bottom) }

    /// Title above, axis titles below and beside, and the plot's border.
    func decorate(_ canvas: inout SVGCanvas, title: String, xLabel: String, yLabel: String) {
        canvas.text(title, width / 2, 24, size: 15, anchor: "middle", bold: true)
        canvas.text(xLabel, (plotX.lowerBound + plotX.upperBound) / 2, height - 12, size: 12, anchor: "middle")
        let middle = (plotY.lowerBound + plotY.upperBound) / 2
        canvas.text(yLabel, 16, middle, size: 12, anchor: "middle", rotate: -90)
        canvas.rect(
            plotX.lowerBound, plotY.lowerBound, plotX.upperBound - plotX.lowerBound,
            plotY.upperBound - plotY.lowerBound, fill: "none", stroke: "#333")
    }

    /// Ticks, labels and light grid lines of a numeric y axis.
    func yAxis(_ canvas: inout SVGCanvas, _ scale: LinearScale) {
        for tick in scale.ticks() {
            let y = scale(tick)
            canvas.line(plotX.lowerBound, y, plotX.upperBound, y, stroke: "#e4e4e4")
            canvas.line(plotX.lowerBound - 4, y, plotX.lowerBound, y)
            canvas.text(scale.label(tick), plotX.lowerBound - 7, y + 4, size: 11, anchor: "end")
        }
    }

    /// Ticks and labels of a numeric x axis.
    func xAxis(_ canvas: inout SVGCanvas, _ scale: LinearScale) {
        for tick in scale.ticks() {
            let x = scale(tick)
            canvas.line(x, plotY.upperBound, x, plotY.upperBound + 4)
            canvas.text(scale.label(tick), x, plotY.upperBound + 17, size: 11, anchor: "middle")
        }
    }

    /// A legend of coloured squares, one row per name, starting at (`x`, `y`).
    static func legend(_ canvas: inout SVGCanvas, names: [String], x: Double, y: Double) {
        for (index, name) in names.enumerated() {
            let row = y + Double(index) * 18
            canvas.rect(x, row - 10, 12, 12, fill: Palette.colour(index))
            canvas.text(name, x + 18, row, size: 12)
        }
    }
}
