import Foundation
import SpokenDSP

/// Deterministic test signals, so a failure reproduces from its seed.
enum TestSignal {
    /// `count` samples of a tone at `frequency` cycles per sample plus uniform noise seeded with `seed`.
    static func noisyTone(count: Int, seed: UInt64, frequency: Float = 0.037) -> [Float] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { n in
            0.5 * sin(2 * Float.pi * frequency * Float(n)) + Float.random(in: -0.1...0.1, using: &random)
        }
    }
}
