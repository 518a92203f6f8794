import Foundation

/// The front end: samples in, log-mel frames out, offline or streaming, with identical results.
///
/// Per frame: STFT (`STFT`, FFTW) → power `|X|²` or magnitude `|X|` (`FrontEndConfig.power`) → mel bands
/// (`MelFilterbank`) → decibels (`LogConfig`, librosa `power_to_db`). Then, per utterance, `finalize` applies
/// `top_db` against the utterance's maximum, normalises it (`FrontEndConfig.normalize`) and fits it to
/// `FrontEndConfig.frames`.
///
/// - Offline: `features(of:)` gives the finished matrix of a whole signal (`center` true or false).
/// - Streaming (`center = false` only): `push` hands out each log-mel frame as soon as its samples are there,
///   without `top_db` (a stream has no maximum yet, see `LogConfig`); the frames of an utterance, collected and
///   passed to `finalize`, equal `features(of:)` of that utterance bit for bit.
///
/// Not thread-safe (it holds the stream's state); use one per stream. `push` allocates nothing per frame: all
/// buffers are made in `init`.
public final class FeatureExtractor {
    public let config: FrontEndConfig
    public let filterbank: MelFilterbank
    private let stft: STFT
    private let energies: UnsafeMutablePointer<Float>
    private let bands: UnsafeMutablePointer<Float>
    private let amin: Float
    private let refDB: Float

    /// Validates `config` and prepares the STFT plan, window, filters and buffers.
    public init(config: FrontEndConfig) throws(DSPError) {
        try config.validate()
        self.config = config
        stft = try STFT(size: config.nFFT, hop: config.hop, window: config.window)
        filterbank = MelFilterbank(
            sampleRate: Double(config.sampleRate), fftSize: config.nFFT, melCount: config.mels, fmin: config.fmin,
            fmax: config.fmax, scale: config.melScale, norm: config.melNorm)
        energies = .allocate(capacity: stft.binCount)
        energies.initialize(repeating: 0, count: stft.binCount)
        bands = .allocate(capacity: config.mels)
        bands.initialize(repeating: 0, count: config.mels)
        amin = Float(config.log.amin)
        refDB = Float(10 * log10(max(config.log.amin, config.log.ref)))
    }

    deinit {
        energies.deallocate()
        bands.deallocate()
    }

    /// Mel bands per frame.
    public var melCount: Int { config.mels }

    /// Log-mel frames in `sampleCount` samples before `finalize` fits them to `config.frames`: librosa's
    /// `1 + (n − n_fft) // hop` (none if shorter than a frame), or `1 + n // hop` when centred.
    public func frameCount(sampleCount: Int) -> Int {
        stft.frameCount(sampleCount: sampleCount, center: config.center)
    }

    /// The finished features of a whole signal: log-mel frames, `top_db` against their maximum, fitted to
    /// `config.frames`. Leaves the streaming state alone.
    public func features(of signal: [Float]) -> FeatureMatrix {
        signal.withUnsafeBufferPointer { finalize(logMel(of: $0)) }
    }

    /// The log-mel frames of a whole signal before `finalize`: what streaming gives (for `center = false`).
    public func logMel(of signal: UnsafeBufferPointer<Float>) -> FeatureMatrix {
        let mels = config.mels
        var values = [Float]()
        values.reserveCapacity(frameCount(sampleCount: signal.count) * mels)
        stft.forEachFrame(of: signal, center: config.center, padMode: config.padMode) { spectrum in
            values.append(contentsOf: UnsafeBufferPointer(start: logMelFrame(spectrum), count: mels))
        }
        return FeatureMatrix(frameCount: values.count / mels, melCount: mels, values: values)
    }

    /// Feeds stream samples and calls `body` with each completed log-mel frame (`melCount` values, valid during the
    /// call only). Throws if the config is centred: centred frames need the signal's end.
    public func push(_ samples: UnsafeBufferPointer<Float>, _ body: (UnsafeBufferPointer<Float>) -> Void)
        throws(DSPError)
    {
        guard !config.center else {
            throw DSPError(
                .invalidConfiguration, "streaming needs center: false (centred frames need the whole signal)")
        }
        let mels = config.mels
        stft.push(samples) { spectrum in body(UnsafeBufferPointer(start: logMelFrame(spectrum), count: mels)) }
    }

    /// `push` that collects the new frames into a matrix (allocates; for callers that are not real-time).
    public func push(_ samples: [Float]) throws(DSPError) -> FeatureMatrix {
        var values = [Float]()
        try samples.withUnsafeBufferPointer { samples throws(DSPError) in
            try push(samples) { values.append(contentsOf: $0) }
        }
        return FeatureMatrix(frameCount: values.count / config.mels, melCount: config.mels, values: values)
    }

    /// Forgets the pending samples of the stream.
    public func reset() { stft.reset() }

    /// Finishes an utterance's log-mel frames: raises every value to `max − top_db` (when `top_db` is set; `max` is
    /// the utterance's largest value), subtracts each mel band's mean (when `normalize` is `melMean`; padding then
    /// takes the smallest normalised value), then fits the frame count to `config.frames` with `config.fit`.
    public func finalize(_ frames: FeatureMatrix) -> FeatureMatrix {
        var result = frames
        var floor = Float(config.log.floorDB)
        if let topDB = config.log.topDB, let peak = frames.values.max() {
            floor = peak - Float(topDB)
            for i in result.values.indices where result.values[i] < floor { result.values[i] = floor }
        }
        if config.normalize == .melMean, result.frameCount > 0 {
            let mels = result.melCount
            for m in 0..<mels {
                var sum: Float = 0
                for t in 0..<result.frameCount { sum += result.values[t * mels + m] }
                let mean = sum / Float(result.frameCount)
                for t in 0..<result.frameCount { result.values[t * mels + m] -= mean }
            }
            floor = result.values.min() ?? 0
        }
        guard let target = config.frames, target != result.frameCount else { return result }
        return fitted(result, to: target, padding: floor)
    }

    /// Crops or pads (with `padding`) to `target` frames as `config.fit` says.
    private func fitted(_ matrix: FeatureMatrix, to target: Int, padding: Float) -> FeatureMatrix {
        let mels = matrix.melCount
        let count = matrix.frameCount
        // `offset`: where the utterance's first kept frame lands in the result (may be negative when cropping).
        let offset: Int
        switch config.fit {
        case .padOrCropCenter: offset = (target - count) >= 0 ? (target - count) / 2 : -((count - target) / 2)
        case .padOrCropEnd: offset = 0
        }
        var values = [Float](repeating: padding, count: target * mels)
        for t in 0..<target where t - offset >= 0 && t - offset < count {
            let source = (t - offset) * mels
            values.replaceSubrange((t * mels)..<((t + 1) * mels), with: matrix.values[source..<(source + mels)])
        }
        return FeatureMatrix(frameCount: target, melCount: mels, values: values)
    }

    /// Energies, mel bands and decibels of one spectrum (interleaved complex bins) into `bands`.
    @inline(__always)
    private func logMelFrame(_ spectrum: UnsafeBufferPointer<Float>) -> UnsafeMutablePointer<Float> {
        let bins = stft.binCount
        let complex = spectrum.baseAddress!
        if config.power == 2 {
            for k in 0..<bins {
                energies[k] = complex[2 * k] * complex[2 * k] + complex[2 * k + 1] * complex[2 * k + 1]
            }
        } else {
            for k in 0..<bins {
                energies[k] = (complex[2 * k] * complex[2 * k] + complex[2 * k + 1] * complex[2 * k + 1]).squareRoot()
            }
        }
        filterbank.apply(energies, into: bands)
        for m in 0..<config.mels { bands[m] = 10 * log10(max(amin, bands[m])) - refDB }
        return bands
    }
}
