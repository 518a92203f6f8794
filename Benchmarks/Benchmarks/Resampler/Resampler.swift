import Benchmark
import BenchmarkSupport
import SpokenDSP

/// Resampler throughput, 44.1 kHz → 16 kHz, in the shape the daemon and the WAV reader use it: one long stream fed
/// in 10 ms chunks through the allocation-free `process(_:into:)`. Each iteration converts one second of audio, so
/// `× real time` is one second divided by the iteration's time (a ratio stays meaningful on a busy machine), and
/// `Malloc (total)` is the allocations for that second (the goal is zero).
let benchmarks: @Sendable () -> Void = {
    let inputRate = 44100
    let chunk = inputRate / 100
    let resampler = try! Resampler(from: inputRate, to: 16000)
    let input = BenchmarkSignal.samples(count: inputRate)
    var output = [Float](repeating: 0, count: resampler.maximumOutputCount(forInputCount: chunk))

    Benchmark(
        "Resampler 44.1 kHz → 16 kHz, 1 s of audio in 10 ms chunks",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .realTimeFactor],
            maxDuration: .seconds(5), maxIterations: 2000)
    ) { benchmark in
        let start = ContinuousClock.now
        var produced = 0
        input.withUnsafeBufferPointer { samples in
            output.withUnsafeMutableBufferPointer { out in
                var offset = 0
                while offset < samples.count {
                    produced += resampler.process(.init(rebasing: samples[offset..<(offset + chunk)]), into: out)
                    offset += chunk
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        // Recording the ratio allocates in the harness; keep that out of the allocation count.
        benchmark.stopMeasurement()
        blackHole(produced)
        benchmark.measurement(.realTimeFactor, RealTime.factor(seconds: 1, took: elapsed))
    }
}
