import Foundation

extension Inspection {
    /// The report for people: ops table, arena plan, totals and the verdict.
    public func table() -> String {
        var lines: [String] = []
        let mhz = Double(clockHz) / 1e6
        lines.append(
            "\(model) on \(profile) (\(format(mhz, 0)) MHz, \(flavor.rawValue), \(optimization.rawValue))")
        lines.append("")
        lines.append(
            pad("#", 3) + "  " + pad("op", 18, left: true) + "  " + pad("shapes", 34, left: true) + "  "
                + pad("MACs", 10) + "  " + pad("cycles", 10) + "  " + pad("ms", 8) + "  kernel")
        for row in ops {
            let inputs = row.inputShapes.map(shape).joined(separator: ", ")
            let outputs = row.outputShapes.map(shape).joined(separator: ", ")
            lines.append(
                pad("\(row.index)", 3) + "  " + pad(row.op, 18, left: true) + "  "
                    + pad("\(inputs) -> \(outputs)", 34, left: true) + "  " + pad("\(row.macs)", 10) + "  "
                    + pad("\(row.cycles)", 10) + "  " + pad(format(row.milliseconds, 3), 8) + "  " + row.kernel)
        }
        lines.append("")
        lines.append("arena plan (offset, bytes, ops alive):")
        for block in plan.sorted(by: { ($0.offset, $0.firstOp) < ($1.offset, $1.firstOp) }) {
            lines.append(
                "  " + pad("\(block.offset)", 8) + "  " + pad("\(block.bytes)", 8) + "  "
                    + pad("\(block.firstOp)-\(block.lastOp)", 7, left: true) + "  " + block.name)
        }
        lines.append("")
        let t = totals
        lines.append(
            "arena    \(t.arenaUsed) of \(t.arenaAvailable) bytes (\(t.arenaPlanned) planned, "
                + "\(t.arenaUsed - t.arenaPlanned) persistent)")
        lines.append(
            "flash    \(t.flashUsed) of \(t.flashAvailable) bytes (model \(t.modelBytes), "
                + "interpreter code ~\(t.interpreterCodeBytes))")
        lines.append("MACs     \(t.macs)")
        lines.append("cycles   \(t.cycles)")
        lines.append("latency  \(format(t.latencyMilliseconds, 2)) ms")
        lines.append(
            "energy   \(format(t.energyMicrojoules, 1)) µJ (\(format(energyPerCycleNanojoules, 3)) nJ/cycle)")
        lines.append(fits ? "verdict  fits" : "verdict  DOES NOT FIT: " + problems.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    private func shape(_ dims: [Int]) -> String { dims.map(String.init).joined(separator: "x") }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(width - text.count, 0))
        return left ? text + fill : fill + text
    }
}
