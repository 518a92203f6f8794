import SpokenDSP

extension SplitMix64 {
    /// A uniform float in [0, 1) from the top 24 bits of one draw.
    mutating func unitFloat() -> Float { Self.unitFloat(next()) }

    /// The float `unitFloat()` makes of `draw`.
    @inline(__always)
    static func unitFloat(_ draw: UInt64) -> Float { Float(draw >> 40) * 0x1p-24 }
}
