import Foundation

/// A minimal SVG 1.1 document built element by element: the report's plots need lines, rectangles, circles and
/// text, and nothing that would justify a plotting dependency.
///
/// Every string that reaches the document goes through `escape`, so a speaker called `<Tom & "Jerry">` still gives
/// well-formed XML. Numbers are written with at most two decimals so the same plot gives the same bytes.
struct SVGCanvas {
    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The text of `text` safe inside an XML attribute or element.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate or length: two decimals, no trailing zeros, never `nan` (a non-finite value is drawn at 0).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333", width: Double = 1,
        dashed: Bool = false
    ) {
        let n = Self.number
        elements.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" "
                + "stroke-width=\"\(n(width))\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
    }

    mutating func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String = "none", opacity: Double = 1
    ) {
        let n = Self.number
        elements.append(
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, w)))\" height=\"\(n(max(0, h)))\" fill=\"\(fill)\" "
                + "stroke=\"\(stroke)\"\(opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : "")/>")
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, opacity: Double = 1) {
        let n = Self.number
        elements.append(
            "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\""
                + "\(opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : "")/>")
    }

    /// Text anchored at (`x`, `y`); `anchor` is `start`, `middle` or `end`; `rotate` turns it about its anchor.
    mutating func text(
        _ string: String, _ x: Double, _ y: Double, size: Double = 12, anchor: String = "start", rotate: Double = 0,
        bold: Bool = false
    ) {
        let n = Self.number
        let transform = rotate == 0 ? "" : " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\""
        elements.append(
            "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\"\(transform)"
                + "\(bold ? " font-weight=\"bold\"" : "")>\(Self.escape(string))</text>")
    }

    /// The whole document.
    func render() -> String {
        let n = Self.number
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(width))\" height=\"\(n(height))\" "
        out += "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"white\"/>\n"
        for element in elements { out += element + "\n" }
        out += "</svg>\n"
        return out
    }
}
