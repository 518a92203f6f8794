import Benchmark

/// Speed as a ratio to real time: seconds of audio processed per second of wall-clock time. Absolute times move
/// with the machine's load; how many times faster than the audio arrives is what the daemon's budget is about.
public enum RealTime {
    /// `× real time` for `seconds` of audio that took `elapsed` to process, rounded down.
    public static func factor(seconds: Double, took elapsed: Duration) -> Int {
        let components = elapsed.components
        let took = Double(components.seconds) + Double(components.attoseconds) * 1e-18
        return took > 0 ? Int(seconds / took) : Int.max
    }
}

extension BenchmarkMetric {
    /// How many times faster than real time an iteration ran (larger is better).
    public static var realTimeFactor: BenchmarkMetric {
        .custom("× real time", polarity: .prefersLarger, useScalingFactor: false)
    }
}
