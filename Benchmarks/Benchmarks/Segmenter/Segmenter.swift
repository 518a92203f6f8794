import Benchmark
import BenchmarkSupport
import SpokenDSP

/// The VAD and segmenter on the front end's frames, as the daemon runs them: each iteration is one second of audio
/// (100 frames) holding one utterance — half a second of sound, half a second 40 dB quieter — so every iteration
/// after the first (which seeds the noise floor on the sound) scores 100 frames, announces a start and hands out an
/// utterance's frames. `Malloc (total)` divided by 100 is the allocations per frame, utterances included (the goal
/// is zero).
let benchmarks: @Sendable () -> Void = {
    let config = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)
    let extractor = try! FeatureExtractor(config: config)
    let segmenter = try! UtteranceSegmenter(frontEnd: config)
    let input = BenchmarkSignal.samples(count: config.sampleRate).enumerated().map { index, sample in
        index < config.sampleRate / 2 ? sample : sample / 100
    }
    let chunk = config.hop
    input.withUnsafeBufferPointer { samples in
        try! extractor.push(.init(rebasing: samples[0..<(config.nFFT - config.hop)])) { _ in }
    }

    Benchmark(
        "VAD + segmenter on 16 kHz 40-mel frames, 1 s of audio (100 frames, one utterance) in 10 ms chunks",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .realTimeFactor],
            maxDuration: .seconds(5), maxIterations: 5000)
    ) { benchmark in
        let start = ContinuousClock.now
        var utterances = 0
        var checksum: Float = 0
        input.withUnsafeBufferPointer { samples in
            var offset = 0
            while offset < samples.count {
                try! extractor.push(.init(rebasing: samples[offset..<(offset + chunk)])) { frame in
                    segmenter.push(frame) { event in
                        if case .utterance(let utterance) = event {
                            utterances += 1
                            checksum += utterance.frames[0]
                        }
                    }
                }
                offset += chunk
            }
        }
        let elapsed = ContinuousClock.now - start
        benchmark.stopMeasurement()
        blackHole(checksum)
        blackHole(utterances)
        benchmark.measurement(.realTimeFactor, RealTime.factor(seconds: 1, took: elapsed))
    }
}
