import Foundation

/// Speech-like test sounds at 16 kHz, made from formulas (no randomness), so a failure reproduces as it is.
public enum SyntheticSpeech {
    /// A voiced sound: 140 Hz and its harmonics up to 4 kHz (amplitude 1/harmonic), with 25 ms fades in and out.
    public static func vowel(seconds: Double, amplitude: Float = 0.3) -> [Float] {
        let count = Int(seconds * 16000)
        return (0..<count).map { n in
            let t = Float(n) / 16000
            let envelope = min(1, min(Float(n), Float(count - n)) / 400)
            var sum: Float = 0
            for harmonic in 1...28 { sum += sin(2 * .pi * 140 * Float(harmonic) * t) / Float(harmonic) }
            return amplitude * envelope * sum / 2
        }
    }
}
