import Benchmark
import BenchmarkSupport
import SpokenDSP

/// Front-end throughput for the models' configuration (16 kHz, n_fft 512, hop 160, 40 mels): a long stream pushed in
/// 10 ms chunks through `FeatureExtractor.push`, as the daemon does. Each iteration is one second of audio, i.e.
/// exactly 100 frames in steady state, so `× real time` is one second divided by the iteration's time and
/// `Malloc (total)` divided by 100 is the allocations per frame (the goal is zero).
let benchmarks: @Sendable () -> Void = {
    let config = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)
    let extractor = try! FeatureExtractor(config: config)
    let input = BenchmarkSignal.samples(count: config.sampleRate)
    let chunk = config.hop
    // Prime the stream so that every measured second yields exactly 100 frames.
    input.withUnsafeBufferPointer { samples in
        try! extractor.push(.init(rebasing: samples[0..<(config.nFFT - config.hop)])) { _ in }
    }

    Benchmark(
        "Front end 16 kHz n_fft 512 hop 160 40 mels, 1 s of audio (100 frames) in 10 ms chunks",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .realTimeFactor],
            maxDuration: .seconds(5), maxIterations: 5000)
    ) { benchmark in
        let start = ContinuousClock.now
        var frames = 0
        var checksum: Float = 0
        input.withUnsafeBufferPointer { samples in
            var offset = 0
            while offset < samples.count {
                try! extractor.push(.init(rebasing: samples[offset..<(offset + chunk)])) { frame in
                    frames += 1
                    checksum += frame[0]
                }
                offset += chunk
            }
        }
        let elapsed = ContinuousClock.now - start
        // Recording the ratio allocates in the harness; keep that out of the allocation count.
        benchmark.stopMeasurement()
        precondition(frames == 100, "expected 100 frames per second of audio, got \(frames)")
        blackHole(checksum)
        benchmark.measurement(.realTimeFactor, RealTime.factor(seconds: 1, took: elapsed))
    }
}
