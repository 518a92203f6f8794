import Foundation

/// Maps a data interval onto a pixel interval, and picks round tick values for its axis.
struct LinearScale {
    let domain: ClosedRange<Double>
    let range: ClosedRange<Double>
    /// Whether larger values go towards `range.lowerBound` (a y axis, whose pixels grow downwards).
    let flipped: Bool

    /// A scale over `values` widened to round ticks; an empty or constant set gets a unit-wide domain around it.
    init(covering values: [Double], range: ClosedRange<Double>, flipped: Bool = false, includeZero: Bool = false) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        if high - low < 1e-12 {
            low -= 0.5
            high += 0.5
        }
        let step = Self.niceStep(span: high - low, count: 5)
        self.domain = (low / step).rounded(.down) * step...(high / step).rounded(.up) * step
        self.range = range
        self.flipped = flipped
    }

    /// The pixel position of `value`.
    func callAsFunction(_ value: Double) -> Double {
        let fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let span = range.upperBound - range.lowerBound
        return flipped ? range.upperBound - fraction * span : range.lowerBound + fraction * span
    }

    /// Round tick values inside the domain, about `count` of them.
    func ticks(count: Int = 5) -> [Double] {
        let step = Self.niceStep(span: domain.upperBound - domain.lowerBound, count: count)
        var values: [Double] = []
        var value = (domain.lowerBound / step).rounded(.up) * step
        while value <= domain.upperBound + step * 1e-9 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// A tick label: as few decimals as the step needs.
    func label(_ value: Double, count: Int = 5) -> String {
        let step = Self.niceStep(span: domain.upperBound - domain.lowerBound, count: count)
        let decimals = max(0, Int(-log10(step).rounded(.down)))
        return String(format: "%.\(decimals)f", value)
    }

    /// 1, 2 or 5 times a power of ten, so that `span` holds about `count` steps.
    static func niceStep(span: Double, count: Int) -> Double {
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }
}
