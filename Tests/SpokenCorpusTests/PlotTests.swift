import Foundation
import Testing

@testable import SpokenCorpus

@Suite("SVG plots")
struct PlotTests {
    @Test("a scatter plot is valid SVG with one circle per point and a legend entry per category")
    func scatter() throws {
        let points = (0..<50).map { ScatterPlot.Point(x: Double($0), y: Double($0 * $0), category: $0 % 3) }
        let names = ["English", "<b>German & \"co\"</b>", "Mandarin"]
        let svg = ScatterPlot(title: "embedding", xLabel: "UMAP 1", yLabel: "UMAP 2", points: points, categories: names)
            .svg()
        let check = try #require(SVGCheck.parse(svg), "not well-formed XML")
        #expect(check.root == "svg")
        #expect(check.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(check.elements["circle"] == 50)
        for name in names { #expect(check.texts.contains(name)) }
    }

    @Test("histogram counts match numpy.histogram's rule and the bars are drawn")
    func histogram() throws {
        // numpy.histogram([0, 1, 1, 2, 3, 3, 3, 4], bins=4) → counts [1, 2, 1, 4], edges 0, 1, 2, 3, 4.
        let plot = Histogram(
            title: "durations", xLabel: "s", series: [("en", [0, 1, 1, 2, 3, 3, 3, 4]), ("de", [2.5])], bins: 4)
        #expect(plot.edges == [0, 1, 2, 3, 4])
        #expect(plot.counts == [[1, 2, 1, 4], [0, 0, 1, 0]])
        let check = try #require(SVGCheck.parse(plot.svg()))
        // A white background, the border, the legend's two swatches and five non-empty bars.
        #expect(check.elements["rect"] == 1 + 1 + 2 + 5)
        #expect(check.texts.contains("en") && check.texts.contains("de"))
    }

    @Test("quartiles interpolate like numpy.percentile")
    func quantiles() {
        // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) → [1.75, 2.5, 3.25]
        #expect(StripPlot.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(StripPlot.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(StripPlot.quantile([1, 2, 3, 4], 0.75) == 3.25)
        #expect(StripPlot.quantile([7], 0.9) == 7)
    }

    @Test("a strip plot of many groups is valid SVG with every group labelled and every value drawn")
    func strip() throws {
        let groups = (0..<40).map { index in
            StripPlot.Group(
                label: "speaker \(index)", values: (0..<5).map { Double(index * 10 + $0) }, category: index % 4)
        }
        let plot = StripPlot(
            title: "F0 per speaker", yLabel: "Hz", groups: groups + [.init(label: "empty", values: [])],
            categories: ["en", "de", "fr", "zh"])
        let check = try #require(SVGCheck.parse(plot.svg()))
        #expect(check.elements["circle"] == 200)
        for index in 0..<40 { #expect(check.texts.contains("speaker \(index)")) }
        #expect(check.texts.contains("empty"))
    }

    @Test("degenerate data still gives valid SVG without NaN")
    func degenerate() throws {
        let svgs = [
            ScatterPlot(title: "t", xLabel: "x", yLabel: "y", points: [], categories: ["a"]).svg(),
            ScatterPlot(
                title: "t", xLabel: "x", yLabel: "y", points: [.init(x: 1, y: 1, category: 0)], categories: ["a"]
            )
            .svg(),
            Histogram(title: "t", xLabel: "x", series: [("a", [2, 2, 2])]).svg(),
            Histogram(title: "t", xLabel: "x", series: [("a", [.nan, .infinity])]).svg(),
        ]
        for svg in svgs {
            #expect(SVGCheck.parse(svg) != nil)
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
    }
}
