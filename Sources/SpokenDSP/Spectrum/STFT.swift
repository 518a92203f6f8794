/// A short-time Fourier transform over FFTW, streaming or offline, with frames bit-identical either way.
///
/// Every frame is computed by the same code from the same `size` samples — window them into one aligned scratch
/// array, run the shared `FFTPlan` — so how the signal arrives (one call, chunks of 1 or 4096 samples) cannot
/// change a single bit of a frame.
///
/// - Streaming (`push`): librosa's `center = false`. A frame is produced as soon as `size` samples are there; the
///   next one starts `hop` samples later. Frame `t` covers samples `t·hop ..< t·hop + size`.
/// - Offline (`forEachFrame(of:center:padMode:)`): `center = false` as above, or `center = true`, where the signal
///   is first padded by `size / 2` on each side (`PadMode`), so frame `t` is centred on sample `t·hop`.
///
/// Not thread-safe (it holds the streaming state); use one per stream. Nothing is allocated per frame: the window,
/// the FFT arrays and the pending-sample buffer are made once in `init`.
public final class STFT {
    /// `n_fft`: samples per frame.
    public let size: Int
    /// Samples between frame starts.
    public let hop: Int
    public let window: Window
    /// Complex bins per frame: `size / 2 + 1`.
    public let binCount: Int

    private let plan: FFTPlan
    private let coefficients: UnsafeMutablePointer<Float>
    private let windowed: UnsafeMutablePointer<Float>
    private let spectrum: UnsafeMutablePointer<Float>
    /// Samples not yet consumed by a frame: `pending[start ..< end]`, with `start` the next frame's first sample.
    private let pending: UnsafeMutablePointer<Float>
    private let capacity: Int
    private var start = 0
    private var end = 0

    /// Makes an STFT of `size` samples per frame (even, 64…2048) advancing by `hop` (1…`size`).
    public init(size: Int, hop: Int, window: Window) throws(DSPError) {
        guard size >= 64, size <= 2048, size % 2 == 0 else {
            throw DSPError(.invalidConfiguration, "n_fft must be an even number in 64…2048, got \(size)")
        }
        guard hop >= 1, hop <= size else {
            throw DSPError(.invalidConfiguration, "hop must be in 1…n_fft (\(size)), got \(hop)")
        }
        self.size = size
        self.hop = hop
        self.window = window
        self.plan = try FFTPlan.shared(size: size)
        self.binCount = plan.binCount
        coefficients = .allocate(capacity: size)
        coefficients.initialize(from: window.values(length: size), count: size)
        windowed = FFTPlan.allocate(size)
        spectrum = FFTPlan.allocate(2 * plan.binCount)
        // Room for several frames, so compaction (moving the tail to the front) is rare: amortised O(1) per sample.
        capacity = 4 * size
        pending = .allocate(capacity: capacity)
        pending.initialize(repeating: 0, count: capacity)
    }

    deinit {
        coefficients.deallocate()
        windowed.deallocate()
        spectrum.deallocate()
        pending.deallocate()
    }

    /// The number of frames `forEachFrame` gives for `sampleCount` samples: librosa's
    /// `1 + (n − n_fft) // hop` (none if shorter than a frame), or `1 + n // hop` when centred.
    public func frameCount(sampleCount: Int, center: Bool) -> Int {
        if center { return 1 + sampleCount / hop }
        return sampleCount < size ? 0 : 1 + (sampleCount - size) / hop
    }

    /// Feeds samples of a stream (`center = false`) and calls `body` with each frame completed by them.
    ///
    /// `body` sees the frame's `binCount` complex bins interleaved (re, im), valid only during the call.
    public func push<E: Error>(
        _ samples: UnsafeBufferPointer<Float>, _ body: (UnsafeBufferPointer<Float>) throws(E) -> Void
    ) throws(E) {
        guard var source = samples.baseAddress else { return }
        var remaining = samples.count
        while remaining > 0 {
            if end == capacity {
                let kept = end - start
                pending.update(from: pending + start, count: kept)
                start = 0
                end = kept
            }
            let copied = min(capacity - end, remaining)
            (pending + end).update(from: source, count: copied)
            end += copied
            source += copied
            remaining -= copied
            // `hop <= size`, so a frame's successor never starts beyond the samples we hold.
            while end - start >= size {
                try body(transform(pending + start))
                start += hop
            }
        }
    }

    /// Forgets the pending samples: the next `push` starts a new stream.
    public func reset() {
        start = 0
        end = 0
    }

    /// Calls `body` with each frame of a whole signal, in order; leaves the streaming state alone.
    ///
    /// With `center = false` the frames equal those `push` gives for the same samples, bit for bit. With
    /// `center = true` the signal is padded by `size / 2` on both sides first, as librosa's `stft(center=True)`.
    /// (An empty signal pads with zeros in either mode; numpy refuses to `reflect` it.)
    public func forEachFrame<E: Error>(
        of signal: UnsafeBufferPointer<Float>, center: Bool, padMode: PadMode,
        _ body: (UnsafeBufferPointer<Float>) throws(E) -> Void
    ) throws(E) {
        if !center {
            guard let base = signal.baseAddress else { return }
            for frame in 0..<frameCount(sampleCount: signal.count, center: false) {
                try body(transform(base + frame * hop))
            }
            return
        }
        // Centred: the frames that reach into the padding read through `padMode`; the rest read the signal.
        let pad = size / 2
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: size)
        defer { scratch.deallocate() }
        for frame in 0..<frameCount(sampleCount: signal.count, center: true) {
            let first = frame * hop - pad
            if first >= 0 && first + size <= signal.count, let base = signal.baseAddress {
                try body(transform(base + first))
            } else {
                for k in 0..<size { scratch[k] = padMode.sample(signal, at: first + k) }
                try body(transform(scratch))
            }
        }
    }

    /// Windows `size` samples at `frame` into the aligned scratch array and transforms them.
    @inline(__always)
    private func transform(_ frame: UnsafePointer<Float>) -> UnsafeBufferPointer<Float> {
        for k in 0..<size { windowed[k] = frame[k] * coefficients[k] }
        plan.execute(windowed, spectrum)
        return UnsafeBufferPointer(start: spectrum, count: 2 * binCount)
    }
}
