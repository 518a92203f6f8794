import Foundation
import SpokenDSP

/// The draws augmentation and the architecture search make, from `next()` alone so they do not depend on how the
/// standard library maps random bits to ranges.
extension SplitMix64 {
    /// Uniform in `[0, 1)`, 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// An integer uniform in `range`.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// A standard normal draw (Box–Muller).
    mutating func gaussian() -> Float {
        let radius = (-2 * log(max(unit(), 0x1p-60))).squareRoot()
        return Float(radius * cos(2 * Double.pi * unit()))
    }
}
