import SpokenDSP

/// Features of many signals at once, on `jobs` threads, each with its own `FeatureExtractor` (the daemon's front
/// end): what the feature cache, the augmented stream and the degraded evaluation share.
enum BatchFeatures {
    /// `count` finished feature matrices, one after the other: `signal(i)` through the front end, then `finish(i,
    /// values)` on its `frames × mels` values in place. Both closures are called from several threads at once, each
    /// index once; they must depend on their index alone.
    static func compute(
        count: Int, config: FrontEndConfig, jobs: Int, signal: (Int) -> [Float],
        finish: (Int, UnsafeMutableBufferPointer<Float>) -> Void = { _, _ in }
    ) throws(TrainError) -> [Float] {
        guard let frames = config.frames else {
            throw TrainError(.invalidArchitecture, "front end: frames must be set to train (one shape per batch)")
        }
        let extractors: [FeatureExtractor]
        do {
            extractors = try (0..<max(1, jobs)).map { _ throws(DSPError) in try FeatureExtractor(config: config) }
        } catch {
            throw TrainError(.invalidArchitecture, error.detail)
        }
        let size = frames * config.mels
        var values = [Float](repeating: 0, count: count * size)
        values.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            Parallel.forEach(extractors, count: count) { extractor, index in
                let features = extractor.features(of: signal(index))
                let slot = UnsafeMutableBufferPointer(rebasing: output[(index * size)..<((index + 1) * size)])
                _ = slot.update(fromContentsOf: features.values)
                finish(index, slot)
            }
        }
        return values
    }
}
