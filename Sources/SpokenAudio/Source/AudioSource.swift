import Dispatch
import Foundation
import SpokenDSP
import Synchronization

/// A stream of mono `Float` samples at a fixed rate from a capture device, a WAV file or standard input, produced
/// on a dedicated thread into SpokenDSP's lock-free `RingBuffer` and taken out by one reader.
///
/// ```swift
/// let source = try AudioSource(.device("default"))
/// try source.start()                       // throws a clear AudioError if the device cannot be opened
/// var chunk = [Float](repeating: 0, count: 1600)
/// loop: while true {
///     switch chunk.withUnsafeMutableBufferPointer({ source.read(into: $0, timeout: .milliseconds(500)) }) {
///     case .samples(let count): extractor.push(…chunk[0..<count]…)
///     case .timedOut: notifyWatchdog()      // no audio for 500 ms; the loop stays alive
///     case .ended: break loop               // end of a file or pipe, or `stop()`
///     }
/// }
/// ```
///
/// - **Device** (`AudioInput.device`): ALSA capture through ``PCMDevice`` on a thread of its own (never the
///   cooperative pool, whose threads must not block in `snd_pcm_readi`), 10 ms periods, delivered a period at a
///   time or several at once, as the reader asks (`read`'s `minimum`). The device never waits for
///   the reader: a reader more than the ring's capacity behind loses the oldest audio (`droppedSamples`). An overrun
///   is recovered in place and counted (`xruns`). A device that fails while open (unplugged: `-ENODEV`) is closed,
///   counted (`deviceLosses`) and reopened with back-off (10 ms doubling to at most 1 s) until `stop()`; so is a
///   device missing at start when `start(waitForDevice: true)`. The source never crashes and never ends on its own.
/// - **File and standard input**: the producer waits for room in the ring, so nothing is dropped however slow the
///   reader; a file paced at real time (`realtime: true`) has a producer thread like a device, a file read as fast
///   as the reader takes it has none (``UnpacedFile``: `read` copies from the decoded file). Both end (`.ended`)
///   after their last sample.
///
/// Thread safety: `start` and `stop` from any one controlling thread; `read` from exactly one reader thread;
/// `requestStop` and `status` from any thread at any time. Reading allocates nothing.
public final class AudioSource: Sendable {
    /// Where the audio comes from.
    public let input: AudioInput
    /// The rate of the samples `read` returns, in Hz.
    public let sampleRate: Int
    let ring: RingBuffer

    // Counters, written by the producer thread, read by `status` from any thread.
    let xruns = Atomic<Int>(0)
    let deviceLosses = Atomic<Int>(0)
    let openFailures = Atomic<Int>(0)
    /// The wait before the next attempt to open a missing or failed device, in milliseconds (0: not waiting).
    let retryMilliseconds = Atomic<Int>(0)
    let capturing = Atomic<Bool>(false)
    let details = Mutex<(format: String?, lastError: String?)>((nil, nil))
    /// The file that `read` copies from directly when it is not paced (nil for every other input).
    let unpacedFile = Mutex<UnpacedFile?>(nil)

    /// Set once the producer has written its last sample (file, stdin) or exited.
    let finished = Atomic<Bool>(false)
    /// Set by `stop()`; the producer checks it between periods and chunks.
    let stopping = Atomic<Bool>(false)
    /// Signalled by the producer once the ring holds what a waiting reader asked for (`wanted`), and when the
    /// producer ends; the reader waits on it.
    let dataReady = DispatchSemaphore(value: 0)
    /// Samples the waiting reader asked for (0: the reader is not waiting). The producer wakes it only when they
    /// are there, so a reader that wants a whole frame is woken once per frame, not once per device period.
    let wanted = Atomic<Int>(0)
    /// Samples the reader asked for at its last read, whether it waits or not: a producer that can deliver audio in
    /// larger pieces (a device's wake-up, a paced file's chunk) need not wake more often than that.
    let readerMinimum = Atomic<Int>(1)
    /// Signalled by the reader after each read; a file or pipe producer waits on it when the ring is full.
    let spaceFreed = DispatchSemaphore(value: 0)
    /// Wakes the producer from whatever it waits for (a device's audio, the next paced period, standard input, the
    /// next attempt to open a device): signalled by `stop()`, and by `read` when the reader wants audio sooner than
    /// it asked for before, so a producer waiting for a large batch delivers what it has at once.
    let wake: WakeUpSignal
    /// Signalled once when the producer thread returns (at start for an unpaced file, which has none).
    let exited = DispatchSemaphore(value: 0)
    private let lifecycle = Mutex<Lifecycle>(.idle)

    private enum Lifecycle { case idle, running, stopping, stopped }

    /// Prepares a source; nothing is opened or read until `start`.
    ///
    /// - Parameters:
    ///   - sampleRate: the rate `read` delivers (the front end's); other device and file rates are resampled.
    ///   - bufferSeconds: the ring's capacity (at least 4096 samples); a live reader may fall this far behind before
    ///     audio is lost.
    public init(_ input: AudioInput, sampleRate: Int = 16000, bufferSeconds: Double = 2) throws(AudioError) {
        guard (1000...384_000).contains(sampleRate), bufferSeconds > 0, bufferSeconds <= 3600 else {
            throw AudioError(
                .unsupportedFormat, "audio source: rate \(sampleRate) Hz or buffer of \(bufferSeconds) s out of range")
        }
        self.input = input
        self.sampleRate = sampleRate
        wake = try WakeUpSignal()
        do {
            // At least a pipe chunk, so a producer waiting for room always gets it.
            let samples = Int((bufferSeconds * Double(sampleRate)).rounded(.up))
            ring = try RingBuffer(minimumCapacity: max(samples, Self.pipeChunk))
        } catch {
            throw AudioError(.unsupportedFormat, "audio source: \(error.detail)")
        }
    }

    /// Opens the input and starts its producer thread.
    ///
    /// A device that cannot be opened, a file that cannot be read or decoded, is an ``AudioError`` naming it —
    /// unless `waitForDevice` is true: then a missing device counts as an open failure and is retried in the
    /// background (what a service wants when it starts before the USB microphone is plugged in).
    public func start(waitForDevice: Bool = false) throws(AudioError) {
        try lifecycle.withLock { state throws(AudioError) in
            guard case .idle = state else {
                throw AudioError(.io, "\(input): already started")
            }
            state = .running
        }
        do {
            switch input {
            case .device(let name):
                try startDevice(name, waitForDevice: waitForDevice)
            case .file(let path, let realtime):
                try startFile(path, realtime: realtime)
            case .standardInput:
                startStandardInput()
            }
        } catch {
            lifecycle.withLock { $0 = .stopped }
            throw error
        }
    }

    /// Runs `body` on a new thread named `spokend-capture`, and marks the source finished when it returns.
    func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            body()
            capturing.store(false, ordering: .relaxed)
            finished.store(true, ordering: .releasing)
            dataReady.signal()
            exited.signal()
        }
        thread.name = "spokend-capture"
        thread.start()
    }

    /// What one `read` gave.
    public enum ReadResult: Sendable, Equatable {
        /// This many samples were stored at the front of the buffer (at least one).
        case samples(Int)
        /// No sample arrived before the timeout; the source is still running.
        case timedOut
        /// The stream is over (a file or pipe after its last sample, or the source was stopped) and every sample
        /// was read.
        case ended
    }

    /// Moves up to `buffer.count` of the oldest unread samples into `buffer`, waiting up to `timeout` until there
    /// are at least `minimum` of them (then whatever is there: at least one, or `.timedOut`). Only one thread may
    /// read.
    ///
    /// A reader that needs a frame of `hop` samples asks for `hop`: it is woken once per frame, not once per device
    /// period, and a reader that can afford to wait (nothing is being said) asks for several frames at once. The
    /// producer follows: a device wakes its capture thread, and a paced file delivers, once per `minimum` samples
    /// (at least a 10 ms period, at most `maximumPeriodsPerDelivery`). A reader that asks for less than at its last
    /// read wakes the producer, which delivers what it has at once instead of the rest of the larger batch first.
    public func read(
        into buffer: UnsafeMutableBufferPointer<Float>, minimum: Int = 1, timeout: Duration
    ) -> ReadResult {
        if let result = readUnpacedFile(into: buffer) { return result }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        let deadline = DispatchTime.now() + .nanoseconds(Int(clamping: nanoseconds))
        let minimum = max(1, min(minimum, buffer.count, ring.capacity))
        if readerMinimum.exchange(minimum, ordering: .relaxed) > minimum { wake.signal() }
        var timedOut = false
        while true {
            // Loaded before the ring: a producer that had finished had also published its last samples.
            let ended = finished.load(ordering: .acquiring)
            if ended || timedOut || ring.availableSamples >= minimum {
                let count = ring.read(into: buffer)
                if count > 0 {
                    // Only a file or pipe producer ever waits for room; a device never does.
                    if !input.isLive { spaceFreed.signal() }
                    return .samples(count)
                }
                if ended { return .ended }
                if timedOut { return .timedOut }
            }
            // Asks, then looks again: the producer publishes, then looks at `wanted` (`wakeReader`); with a full
            // fence between the store and the load on both sides, at least one of them sees the other.
            wanted.store(minimum, ordering: .relaxed)
            atomicMemoryFence(ordering: .sequentiallyConsistent)
            if ring.availableSamples >= minimum || finished.load(ordering: .acquiring) {
                wanted.store(0, ordering: .relaxed)
                continue
            }
            timedOut = dataReady.wait(timeout: deadline) == .timedOut
            wanted.store(0, ordering: .relaxed)
        }
    }

    /// `read` of a file that is not paced: as many of the next samples as fit, straight from the decoded file, or
    /// `.ended` after the last one or `stop()`; nil for every other input.
    private func readUnpacedFile(into buffer: UnsafeMutableBufferPointer<Float>) -> ReadResult? {
        unpacedFile.withLock { file -> ReadResult? in
            guard let offset = file?.offset, let samples = file?.samples else { return nil }
            let count = min(buffer.count, samples.count - offset)
            guard count > 0, !stopping.load(ordering: .relaxed) else {
                capturing.store(false, ordering: .relaxed)
                return .ended
            }
            samples.withUnsafeBufferPointer { all in
                buffer.baseAddress!.update(from: all.baseAddress! + offset, count: count)
            }
            file?.offset = offset + count
            return .samples(count)
        }
    }

    /// Periods of `periodSamples` (at the source's rate) a producer may deliver at once for the reader's minimum.
    func periodsPerDelivery(periodSamples: Int) -> Int {
        max(1, min(readerMinimum.load(ordering: .relaxed) / max(1, periodSamples), Self.maximumPeriodsPerDelivery))
    }

    /// Most periods delivered at once (320 ms of 10 ms periods): more than a quiet reader asks for (the daemon's
    /// pipeline, 200 ms), and a sixteenth of the ring's 2 s. A device delivers at most half of its buffer at once
    /// (``CaptureSession``), and its buffer is asked for twice this.
    static let maximumPeriodsPerDelivery = 32

    /// Called by the producer after each write: wakes the reader if it waits for no more than the ring holds now.
    func wakeReader() {
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        let minimum = wanted.load(ordering: .relaxed)
        guard minimum > 0, ring.availableSamples >= minimum,
            wanted.compareExchange(expected: minimum, desired: 0, ordering: .relaxed).exchanged
        else { return }
        dataReady.signal()
    }

    /// Tells the producer to stop and returns at once, from any thread (a signal handler's task, a service's
    /// graceful shutdown): the producer ends whatever it waits for (`wake`) and returns, which wakes a waiting reader
    /// at once; the reader drains what is left and gets `.ended`. Safe to call more than once, and before `stop()`.
    public func requestStop() {
        let wasRunning = lifecycle.withLock { state in
            guard case .running = state else { return false }
            state = .stopping
            return true
        }
        guard wasRunning else { return }
        stopping.store(true, ordering: .relaxed)
        wake.signal()
        spaceFreed.signal()
    }

    /// Stops the producer (`requestStop()`) and waits for its thread to return, at most `stopGrace`. The reader then
    /// drains what is left and gets `.ended`. Safe to call more than once.
    ///
    /// A producer that has not returned by then is stuck in a call that `wake` cannot end: an ALSA plugin's open or
    /// write that waits for something outside spokend (a server, a pipe's reader). It is left behind — it holds what
    /// it uses and ends with the process — the failure is recorded for `status`, and the reader gets the end now, so
    /// a service that is told to stop always stops.
    public func stop() {
        requestStop()
        let producing = lifecycle.withLock { state in
            guard case .stopping = state else { return false }
            state = .stopped
            return true
        }
        guard producing, exited.wait(timeout: .now() + Self.stopGrace) == .timedOut else { return }
        record(AudioError(.deviceFailed, "\(input): the capture thread did not stop within \(Self.stopGrace) s"))
        capturing.store(false, ordering: .relaxed)
        finished.store(true, ordering: .releasing)
        dataReady.signal()
    }

    /// The longest wait for the producer in `stop()` and for a device's first open in `start(waitForDevice: true)`,
    /// in seconds: far more than a device takes to wake, close or open, far less than systemd gives a service to
    /// stop (90 s).
    static let stopGrace: Double = 2

    /// The counters now.
    public var status: AudioStatus {
        let details = details.withLock { $0 }
        let retry = retryMilliseconds.load(ordering: .relaxed)
        return AudioStatus(
            samples: unpacedFile.withLock { $0.map { UInt64($0.offset) } } ?? ring.writtenSamples,
            droppedSamples: ring.droppedSamples,
            xruns: xruns.load(ordering: .relaxed), deviceLosses: deviceLosses.load(ordering: .relaxed),
            openFailures: openFailures.load(ordering: .relaxed), isCapturing: capturing.load(ordering: .relaxed),
            retrySeconds: retry > 0 ? Double(retry) / 1000 : nil,
            deviceFormat: details.format, lastError: details.lastError)
    }

    /// Records a failure for `status`.
    func record(_ error: AudioError) {
        details.withLock { $0.lastError = error.detail }
    }

    /// Waits until `deadline`, `stop()` or a reader that wants audio sooner, whichever comes first; returns false
    /// when stopping.
    func pause(until deadline: DispatchTime) -> Bool {
        _ = wake.wait(until: deadline)
        return !stopping.load(ordering: .relaxed)
    }

    /// Waits until the ring has room for `count` more samples; returns false when stopping.
    func waitForRoom(_ count: Int) -> Bool {
        while ring.capacity - ring.availableSamples < count {
            if stopping.load(ordering: .relaxed) { return false }
            spaceFreed.wait()
        }
        return !stopping.load(ordering: .relaxed)
    }
}
