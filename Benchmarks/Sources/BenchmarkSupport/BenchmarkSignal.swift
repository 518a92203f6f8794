import Foundation

/// The input the benchmarks feed: two tones plus a deterministic noise floor, so no stage can take a shortcut on
/// silence.
public enum BenchmarkSignal {
    /// `count` samples with peak below 1.
    public static func samples(count: Int) -> [Float] {
        var state: UInt32 = 0x1234_5678
        return (0..<count).map { index in
            state = state &* 1_664_525 &+ 1_013_904_223
            let noise = Double(state >> 8) / Double(1 << 24) - 0.5
            let time = Double(index)
            let tones: Double = 0.5 * sin(time * 0.0731) + 0.2 * sin(time * 0.31)
            return Float(tones + 0.05 * noise)
        }
    }
}
