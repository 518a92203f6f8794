import Foundation

extension Inspection {
    /// The arena plan as an SVG: one labelled block per planned buffer, op index across, arena offset down.
    ///
    /// Each block spans the ops during which its buffer must hold data and the bytes it occupies, so buffers alive
    /// at the same time stack, and reused space shows as blocks sharing rows at different times.
    public func svg() -> String {
        let left = 70.0
        let top = 40.0
        let width = 900.0
        let height = 520.0
        let opCount = max(ops.count, 1)
        let planned = max(plan.map { $0.offset + $0.bytes }.max() ?? 0, 1)
        let scaleTop = Double(planned)
        let column = width / Double(opCount)
        let row = height / scaleTop
        var out: [String] = []
        out.append(
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(left + width + 20))" "#
                + #"height="\#(Int(top + height + 50))" font-family="sans-serif" font-size="10">"#)
        out.append(
            #"<text x="\#(left)" y="20" font-size="13">\#(escape(model)) on \#(escape(profile)): arena plan, "#
                + #"\#(totals.arenaPlanned) bytes planned, \#(totals.arenaUsed) used of \#(totals.arenaAvailable)</text>"#
        )
        out.append(
            #"<rect x="\#(left)" y="\#(top)" width="\#(width)" height="\#(height)" fill="none" stroke="gray"/>"#)
        for (index, block) in plan.enumerated() {
            let x = left + Double(block.firstOp) * column
            let w = Double(block.lastOp - block.firstOp + 1) * column
            let y = top + Double(block.offset) * row
            let h = max(Double(block.bytes) * row, 1)
            let hue = (index * 47) % 360
            out.append(
                #"<rect class="block" x="\#(fmt(x))" y="\#(fmt(y))" width="\#(fmt(w))" height="\#(fmt(h))" "#
                    + #"fill="hsl(\#(hue),60%,70%)" stroke="dimgray" stroke-width="0.5">"#
                    + #"<title>\#(escape(block.name)): \#(block.bytes) B at \#(block.offset), "#
                    + #"ops \#(block.firstOp)-\#(block.lastOp)</title></rect>"#)
            if h >= 11 && w >= 40 {
                out.append(
                    #"<text x="\#(fmt(x + 3))" y="\#(fmt(y + min(h, 24) / 2 + 4))">"#
                        + #"\#(escape(label(block, width: w)))</text>"#)
            }
        }
        // Axes: op indices below, offsets to the left.
        let step = max(1, opCount / 20)
        for op in stride(from: 0, to: opCount, by: step) {
            let x = left + (Double(op) + 0.5) * column
            out.append(#"<text x="\#(fmt(x))" y="\#(fmt(top + height + 14))" text-anchor="middle">\#(op)</text>"#)
        }
        out.append(
            #"<text x="\#(fmt(left + width / 2))" y="\#(fmt(top + height + 34))" text-anchor="middle">"#
                + #"op index</text>"#)
        for tick in 0...4 {
            let offset = Int(scaleTop) * tick / 4
            let y = top + Double(offset) * row
            out.append(#"<text x="\#(fmt(left - 4))" y="\#(fmt(y + 3))" text-anchor="end">\#(offset)</text>"#)
        }
        out.append(
            #"<text x="14" y="\#(fmt(top + height / 2))" transform="rotate(-90 14 \#(fmt(top + height / 2)))" "#
                + #"text-anchor="middle">arena offset (bytes)</text>"#)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A short label: the tensor index and the last part of its converter name ("t4 Relu 8000 B"); the full name
    /// is in the block's tooltip.
    private func label(_ block: PlanBlock, width: Double) -> String {
        let short = block.name.split(separator: ";").first.flatMap { $0.split(separator: "/").last }.map(String.init)
        let text = (block.tensor.map { "t\($0) " } ?? "") + (short ?? block.name) + " \(block.bytes) B"
        let fitting = max(Int(width / 6), 4)
        return text.count <= fitting ? text : String(text.prefix(fitting - 1)) + "…"
    }

    private func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
