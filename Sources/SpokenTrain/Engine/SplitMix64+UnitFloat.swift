import SpokenDSP

extension SplitMix64 {
    /// A uniform float in [0, 1) from the top 24 bits of one draw.
    mutating func unitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }
}
