import Benchmark
import Foundation

/// Speed as a ratio to real time: seconds of audio processed per second of wall-clock time, or per second of the
/// process's CPU time. Absolute times move with the machine's load; how many times faster than the audio arrives is
/// what the daemon's budget is about.
public enum RealTime {
    /// `× real time` for `seconds` of audio that took `elapsed` to process, rounded down.
    public static func factor(seconds: Double, took elapsed: Duration) -> Int {
        let components = elapsed.components
        return factor(seconds: seconds, cpuSeconds: Double(components.seconds) + Double(components.attoseconds) * 1e-18)
    }

    /// `× real time per CPU-second` for `seconds` of audio that cost the process `cpuSeconds` of CPU time (all its
    /// threads, user and system), rounded down. On a shared machine this is the fair figure: wall-clock time also
    /// counts the time the scheduler gave to other processes, and grows with their number.
    public static func factor(seconds: Double, cpuSeconds: Double) -> Int {
        cpuSeconds > 0 ? Int(seconds / cpuSeconds) : Int.max
    }

    /// The CPU time this process has used so far, all threads, user and system, in seconds
    /// (`clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`: nanoseconds, where `getrusage` counts scheduler ticks on some
    /// kernels).
    public static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

extension BenchmarkMetric {
    /// How many times faster than real time an iteration ran (larger is better).
    public static var realTimeFactor: BenchmarkMetric {
        .custom("× real time", polarity: .prefersLarger, useScalingFactor: false)
    }

    /// How many seconds of audio an iteration processed per second of the process's CPU time (larger is better).
    public static var realTimeFactorPerCPUSecond: BenchmarkMetric {
        .custom("× real time per CPU-second", polarity: .prefersLarger, useScalingFactor: false)
    }
}
