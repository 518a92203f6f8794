/// Streaming band-limited sample-rate conversion between any two rates users meet (8000, 11025, 16000, 22050,
/// 44100, 48000 Hz and the like).
///
/// A polyphase implementation of `scipy.signal.resample_poly` with the Kaiser-windowed sinc of `ResamplerFilter`:
/// output sample `m` is `Σₖ x[k] · h[m·down + halfLength − k·up]`, with the input taken as zero before its first
/// and after its last sample. It is aligned, not delayed: output `m` belongs to time `m / outputRate` exactly, and a
/// stream of `n` input samples gives `⌈n · up / down⌉` outputs once `flush` has been called. Each output is one dot
/// product over `up` precomputed branches, always computed over the same samples in the same order, so any chunking
/// of the input gives bit-identical output to the one-shot `resample`.
///
/// Steady state allocates nothing: the branches and the input history are allocated once in `init`, and `process`
/// and `flush` write into the caller's buffer. Not thread-safe; one stream per instance.
public final class Resampler {
    /// Rates in Hz.
    public let inputRate: Int
    public let outputRate: Int
    /// The reduced ratio: `outputRate / inputRate == up / down`.
    public let up: Int
    public let down: Int
    /// Input samples an output waits for beyond its own time (half the filter, in input samples, rounded up): the
    /// latency a live stream sees.
    public let lookahead: Int

    private let halfLength: Int
    /// Taps per branch, a multiple of 16 (the dot product's stride); branches are zero-padded at their oldest end.
    private let width: Int
    /// `up` branches of `width` taps, each stored oldest-input-first so a branch is a plain dot product with a
    /// contiguous run of history.
    private let branches: UnsafeMutablePointer<Float>
    /// Input history, holding global sample positions `historyStart ..< historyStart + historyCount`.
    private let history: UnsafeMutablePointer<Float>
    private let historyCapacity: Int
    private var historyStart = 0
    private var historyCount = 0
    /// Global position of the next input sample.
    private var consumed = 0
    /// Global index of the next output, with its newest input position and its branch.
    private var produced = 0
    private var newestInput = 0
    private var branch = 0

    /// Prepares a converter from `inputRate` to `outputRate` Hz.
    ///
    /// Throws `DSPError.invalidConfiguration` for non-positive rates or a ratio whose filter would be absurdly long
    /// (co-prime rates such as 44100 → 44099 Hz).
    public init(from inputRate: Int, to outputRate: Int) throws(DSPError) {
        let filter = try ResamplerFilter(inputRate: inputRate, outputRate: outputRate)
        self.inputRate = inputRate
        self.outputRate = outputRate
        up = filter.up
        down = filter.down
        if up == 1 && down == 1 {
            // Same rate: a copy, exactly as `resample_poly` returns it.
            halfLength = 0
            width = 0
            lookahead = 0
            branches = .allocate(capacity: 0)
            historyCapacity = 0
            history = .allocate(capacity: 0)
            return
        }
        halfLength = filter.halfLength
        let taps = filter.taps()
        let perBranch = (taps.count + up - 1) / up
        width = (perBranch + 15) / 16 * 16
        lookahead = (halfLength + up - 1) / up
        branches = .allocate(capacity: up * width)
        branches.initialize(repeating: 0, count: up * width)
        for phase in 0..<up {
            for step in 0..<perBranch where phase + step * up < taps.count {
                branches[phase * width + width - 1 - step] = Float(taps[phase + step * up])
            }
        }
        historyCapacity = width + max(4096, 4 * width)
        history = .allocate(capacity: historyCapacity)
        history.initialize(repeating: 0, count: historyCapacity)
        reset()
    }

    deinit {
        branches.deallocate()
        history.deallocate()
    }

    /// Forgets the stream: the next input is the first sample of a new one.
    public func reset() {
        guard width > 0 else { return }
        // The `width - 1` samples before the first one are zeros.
        history.update(repeating: 0, count: width - 1)
        historyStart = -(width - 1)
        historyCount = width - 1
        consumed = 0
        produced = 0
        newestInput = halfLength / up
        branch = halfLength % up
    }

    /// The most outputs `process` can return for `inputCount` more input samples.
    public func maximumOutputCount(forInputCount inputCount: Int) -> Int {
        (inputCount * up + down - 1) / down
    }

    /// The outputs `flush` will return: the stream's total `⌈inputs · up / down⌉` minus those already returned.
    public var pendingOutputCount: Int {
        width == 0 ? 0 : (consumed * up + down - 1) / down - produced
    }

    /// Consumes `input` and writes every output it completes to the front of `output`; returns how many.
    ///
    /// `output` must hold `maximumOutputCount(forInputCount: input.count)` samples.
    public func process(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) -> Int {
        precondition(
            output.count >= maximumOutputCount(forInputCount: input.count), "resampler output buffer too small")
        guard width > 0 else {
            guard let source = input.baseAddress, let target = output.baseAddress else { return 0 }
            target.update(from: source, count: input.count)
            return input.count
        }
        // Every output the history covered was returned by the previous call, so no input means no output.
        guard let source = input.baseAddress, !input.isEmpty, let target = output.baseAddress else { return 0 }
        return run(input: source, count: input.count, into: target, limit: .max)
    }

    /// Ends the stream: pads it with zeros, writes its remaining `pendingOutputCount` outputs to the front of
    /// `output`, returns how many, and resets for a new stream.
    public func flush(into output: UnsafeMutableBufferPointer<Float>) -> Int {
        let pending = pendingOutputCount
        precondition(output.count >= pending, "resampler output buffer too small")
        guard pending > 0, let target = output.baseAddress else {
            reset()
            return 0
        }
        let count = run(input: nil, count: .max, into: target, limit: produced + pending)
        reset()
        return count
    }

    /// Consumes `input` and returns the outputs it completes (allocates; see `process(_:into:)` for the
    /// allocation-free form).
    public func process(_ input: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: maximumOutputCount(forInputCount: input.count))
        let count = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { process(source, into: $0) }
        }
        output.removeLast(output.count - count)
        return output
    }

    /// Ends the stream and returns its remaining outputs (allocates).
    public func flush() -> [Float] {
        var output = [Float](repeating: 0, count: pendingOutputCount)
        let count = output.withUnsafeMutableBufferPointer { flush(into: $0) }
        output.removeLast(output.count - count)
        return output
    }

    /// Resamples a whole signal: equal to `scipy.signal.resample_poly(signal, up, down, window=taps)` with this
    /// type's filter, `⌈signal.count · up / down⌉` samples long.
    public static func resample(_ signal: [Float], from inputRate: Int, to outputRate: Int) throws(DSPError) -> [Float]
    {
        let resampler = try Resampler(from: inputRate, to: outputRate)
        return resampler.process(signal) + resampler.flush()
    }

    /// Feeds `count` samples from `input` (zeros when `input` is nil) and emits every output whose inputs are all
    /// present, up to global output index `limit`; stops early once `limit` is reached.
    private func run(input: UnsafePointer<Float>?, count: Int, into output: UnsafeMutablePointer<Float>, limit: Int)
        -> Int
    {
        var written = 0
        var offset = 0
        while true {
            // Emit everything the history covers.
            let historyEnd = historyStart + historyCount
            while newestInput < historyEnd && produced < limit {
                let first = history + (newestInput - width + 1 - historyStart)
                output[written] = Self.dot(branches + branch * width, first, width)
                written += 1
                produced += 1
                branch += down
                newestInput += branch / up
                branch %= up
            }
            if produced >= limit || offset >= count { return written }
            // Drop history no future output needs; at most `width - 1` samples stay.
            let keepFrom = newestInput - width + 1
            if historyCount == historyCapacity || keepFrom >= historyEnd {
                let kept = max(0, historyEnd - keepFrom)
                history.update(from: history + (historyCount - kept), count: kept)
                historyStart = max(keepFrom, historyEnd - kept)
                historyCount = kept
            }
            // Skip input that no output needs (only when `down` outstrips the filter), then append.
            if consumed < historyStart {
                let skipped = min(historyStart - consumed, count - offset)
                offset += skipped
                consumed += skipped
                continue
            }
            let taken = min(count - offset, historyCapacity - historyCount)
            if let input {
                (history + historyCount).update(from: input + offset, count: taken)
            } else {
                (history + historyCount).update(repeating: 0, count: taken)
            }
            historyCount += taken
            offset += taken
            consumed += taken
        }
    }

    /// `Σ a[i]·b[i]` over `count` (a multiple of 16) floats, in a fixed order: two 8-lane accumulators, then their
    /// lane sum. Multiply and add stay separate so the result does not depend on the CPU having FMA.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var even = SIMD8<Float>()
        var odd = SIMD8<Float>()
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        var byteOffset = 0
        let end = count * MemoryLayout<Float>.stride
        while byteOffset < end {
            even +=
                rawA.loadUnaligned(fromByteOffset: byteOffset, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: byteOffset, as: SIMD8<Float>.self)
            odd +=
                rawA.loadUnaligned(fromByteOffset: byteOffset + 32, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: byteOffset + 32, as: SIMD8<Float>.self)
            byteOffset += 64
        }
        return (even + odd).sum()
    }
}
