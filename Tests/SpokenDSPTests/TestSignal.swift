import Foundation

/// Deterministic test signals, so a failure reproduces from its seed.
enum TestSignal {
    /// `count` samples of a tone plus uniform noise from a 64-bit LCG seeded with `seed`.
    static func noisyTone(count: Int, seed: UInt64, frequency: Float = 0.037) -> [Float] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (0..<count).map { n in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
            return 0.5 * sin(2 * Float.pi * frequency * Float(n)) + 0.1 * noise
        }
    }
}
