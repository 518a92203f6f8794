import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses SVG text with Foundation's XML parser and counts elements by name.
final class SVGCheck: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var texts: [String] = []
    var root: String?
    var rootAttributes: [String: String] = [:]
    private var inText = false

    /// Nil when the document is not well-formed XML.
    static func parse(_ svg: String) -> SVGCheck? {
        let check = SVGCheck()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = check
        return parser.parse() ? check : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil {
            root = name
            rootAttributes = attributes
        }
        elements[name, default: 0] += 1
        if name == "text" {
            inText = true
            texts.append("")
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
}
