import Foundation
import Logging
import SpokenAudio
import SpokenDSP
import SpokenNN
import SpokenRecognition
import Synchronization

/// The live path, on one processing thread: audio source → ring → streaming front end → VAD and segmenter →
/// recognizer on the device timeline → events.
///
/// Per frame period the chip is granted `clock × hop / rate` cycles; the front end and the VAD spend their modelled
/// share and the models run op by op in what is left (`DeviceTimeline`), so each utterance event carries the
/// device's cycles, its latency after the utterance ended, its energy and whether the chip kept up. The host
/// classifies as soon as the segmenter closes an utterance and sends the event at once; the chip's latency is in
/// it. An utterance whose language or number confidence is below `minimumConfidence` is counted in `rejected`, not
/// reported.
///
/// `run` blocks the calling thread (give it one of its own, not the cooperative pool) until the input ends or
/// `stop()`; then it closes an open utterance, lets the timeline finish every queued classification and reports
/// them before it returns. `replaceModels` (SIGHUP) takes effect between utterances, when nothing is in flight.
///
/// In the steady state (listening, no utterance being classified) a frame allocates nothing: the chunk buffer, the
/// front end's and the segmenter's buffers are made once, and the timeline's idle advance is arithmetic.
public final class Pipeline: @unchecked Sendable {
    /// What the pipeline reports, on its processing thread.
    public typealias Sink = (Event) -> Void

    public let source: AudioSource
    public let profile: DeviceProfile
    public let minimumConfidence: Double
    private let segmenterConfig: SegmenterConfig
    private let counters = PipelineCounters()
    private let stopRequested = Atomic<Bool>(false)
    private let replacement = Mutex<LoadedModels?>(nil)
    private let current: Mutex<LoadedModels>

    // The processing thread's state.
    private var models: LoadedModels
    private var extractor: FeatureExtractor
    private var segmenter: UtteranceSegmenter
    private var timeline: DeviceTimeline
    /// Samples of the stream before the current segmenter started (its sample positions count from there).
    private var segmenterOrigin = 0

    /// When the segmenter closed the latest utterance, on the host's clock: the start of the end-of-speech →
    /// event latency that the benchmarks measure. Read it on the processing thread (in the sink).
    public private(set) var lastDecision: ContinuousClock.Instant?

    /// Most samples read from the source at a time. A read returns what is there, so a live device still comes a
    /// period (10 ms) at a time; a file comes in large chunks, with fewer wake-ups per frame.
    static let chunk = 16384

    /// How much audio the pipeline waits for while nobody speaks, in seconds: the source's producer and this thread
    /// each wake once per batch instead of once per frame. The first frame of speech in a batch is seen at most
    /// this late; from then on every frame is processed as it comes (the source delivers at once what it has when
    /// the pipeline asks for less). An utterance ends at least 0.27 s after its speech began (0.13 s of speech, the
    /// 0.16 s hangover, at 20 ms frames; `SegmenterConfig`), later than the end of the batch that saw it begin, so
    /// the end of speech is decided without delay.
    static let silentBatch = 0.2

    /// The longest wait for audio: `heartbeat` and `stop()` are looked at least this often, whatever the source does.
    static let readTimeout = Duration.milliseconds(500)

    /// A pipeline from `source` through `models`, segmenting speech with `segmenter`'s parameters.
    public init(
        source: AudioSource, models: LoadedModels, profile: DeviceProfile, minimumConfidence: Double,
        segmenter: SegmenterConfig = SegmenterConfig()
    ) throws(DaemonError) {
        guard source.sampleRate == models.frontEnd.sampleRate else {
            throw DaemonError(
                .model,
                "the models expect \(models.frontEnd.sampleRate) Hz, the audio source delivers \(source.sampleRate) Hz")
        }
        self.source = source
        self.profile = profile
        self.minimumConfidence = minimumConfidence
        segmenterConfig = segmenter
        self.models = models
        current = Mutex(models)
        (extractor, self.segmenter, timeline) = try Self.frontEnd(for: models, profile: profile, segmenter: segmenter)
    }

    /// The streaming front end, the segmenter and the device timeline for `models`' front end.
    private static func frontEnd(
        for models: LoadedModels, profile: DeviceProfile, segmenter config: SegmenterConfig
    ) throws(DaemonError) -> (FeatureExtractor, UtteranceSegmenter, DeviceTimeline) {
        let frontEnd = models.frontEnd
        let extractor: FeatureExtractor
        let segmenter: UtteranceSegmenter
        do {
            extractor = try FeatureExtractor(config: frontEnd)
            segmenter = try UtteranceSegmenter(config: config, frontEnd: frontEnd)
        } catch {
            throw DaemonError(.model, "the models' front end cannot stream: \(error.detail)")
        }
        let listening =
            models.recognizer.frontEndCost.cyclesPerFrame
            + SegmenterCost(segmenter: config, frontEnd: frontEnd, profile: profile).cyclesPerFrame
        let timeline = try DeviceTimeline(
            profile: profile, sampleRate: frontEnd.sampleRate, hop: frontEnd.hop, listeningCycles: listening)
        return (extractor, segmenter, timeline)
    }

    /// The models in use (after a reload: the new ones, once they took over).
    public var loadedModels: LoadedModels { current.withLock { $0 } }

    /// The `hello` event for a client connecting now.
    public func hello(version: String) -> Hello {
        let models = loadedModels
        return Hello(
            version: version, models: models.summaries,
            audio: Hello.AudioFormat(sampleRate: source.sampleRate, source: "\(source.input)"), device: profile.name)
    }

    /// The counters now (the per-client fields are the server's to fill in).
    public var status: Status {
        let audio = source.status
        return Status(
            streamSeconds: Double(counters.frames.load(ordering: .relaxed) * models.frontEnd.hop)
                / Double(source.sampleRate),
            frames: counters.frames.load(ordering: .relaxed), xruns: audio.xruns, deviceLosses: audio.deviceLosses,
            capturing: audio.isCapturing, openFailures: audio.openFailures, retrySeconds: audio.retrySeconds,
            audioError: audio.lastError,
            droppedSamples: Int(audio.droppedSamples), utterances: counters.utterances.load(ordering: .relaxed),
            rejected: counters.rejected.load(ordering: .relaxed),
            budgetOverruns: counters.budgetOverruns.load(ordering: .relaxed))
    }

    /// Hands over newly loaded models; they replace the old ones as soon as no utterance is in flight.
    public func replaceModels(_ models: LoadedModels) {
        replacement.withLock { $0 = models }
    }

    /// Asks `run` to finish, from any thread, without waiting: the source's producer is told to stop, which wakes
    /// `run` at once even while it waits for a batch of silence; what is in flight is drained and reported, then
    /// `run` returns.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        source.requestStop()
    }

    /// Processes audio until the input ends or `stop()`, reporting through `sink`; `heartbeat` is called from this
    /// loop at least every `readTimeout` (the systemd watchdog). Then drains and returns.
    public func run(sink: Sink, heartbeat: () -> Void) throws(DaemonError) {
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: Self.chunk)
        defer { buffer.deallocate() }
        var stopping = false
        loop: while true {
            heartbeat()
            if !stopping, stopRequested.load(ordering: .relaxed) {
                stopping = true
                source.stop()
            }
            if !segmenter.isInSpeech, let next = replacement.withLock({ $0.take() }) {
                try install(next)
            }
            // In speech every frame is processed as soon as its samples are there, so the end of speech is decided
            // without delay; in silence a batch at a time, so a quiet room costs a wake-up per 200 ms instead of one
            // per device period (the onset is seen at most that much later; utterances keep their times).
            let frontEnd = models.frontEnd
            let frames =
                segmenter.isInSpeech ? 1 : max(1, Int(Self.silentBatch * Double(frontEnd.sampleRate)) / frontEnd.hop)
            switch source.read(into: buffer, minimum: frames * frontEnd.hop, timeout: Self.readTimeout) {
            case .samples(let count):
                do {
                    try extractor.push(UnsafeBufferPointer(rebasing: buffer[0..<count])) { frame in
                        process(frame, sink)
                    }
                } catch {
                    throw DaemonError(.audio, error.detail)
                }
            case .timedOut:
                continue
            case .ended:
                break loop
            }
        }
        segmenter.finish { event in handle(event, sink) }
    }

    /// `run` on a thread of its own (named `spokend-pipeline`), awaited without blocking the cooperative pool.
    public func runOnOwnThread(
        sink: @escaping @Sendable (Event) -> Void, heartbeat: @escaping @Sendable () -> Void = {}
    ) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in
                do {
                    try run(sink: sink, heartbeat: heartbeat)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "spokend-pipeline"
            thread.start()
        }
    }

    private func install(_ next: LoadedModels) throws(DaemonError) {
        if next.frontEnd != models.frontEnd {
            let built = try Self.frontEnd(for: next, profile: profile, segmenter: segmenterConfig)
            // Latencies are differences on one timeline, so the new one may start at cycle 0.
            segmenterOrigin += segmenter.framesPushed * models.frontEnd.hop
            (extractor, segmenter, timeline) = built
        }
        models = next
        current.withLock { $0 = next }
    }

    /// One log-mel frame: VAD and segmenter, then one frame period of the device timeline.
    private func process(_ logMel: UnsafeBufferPointer<Float>, _ sink: Sink) {
        segmenter.push(logMel) { event in handle(event, sink) }
        timeline.advance()
        counters.frames.add(1, ordering: .relaxed)
    }

    /// Stream time in seconds of the segmenter's sample `position`.
    private func seconds(_ position: Int) -> Double {
        Double(segmenterOrigin + position) / Double(models.frontEnd.sampleRate)
    }

    private func handle(_ event: SegmenterEvent, _ sink: Sink) {
        switch event {
        case .speechStarted(let sample):
            sink(.vad(VoiceActivity(state: .speech, time: seconds(sample))))
        case .utterance(let utterance):
            lastDecision = ContinuousClock.now
            let completion = timeline.run(models.stages(for: utterance.matrix()))
            let start = seconds(utterance.speechSamples.lowerBound)
            let end = seconds(utterance.speechSamples.upperBound)
            sink(.vad(VoiceActivity(state: .silence, time: end)))
            report(completion, start: start, end: end, sink)
        }
    }

    private func report(_ completion: DeviceTimeline.Completion, start: Double, end: Double, _ sink: Sink) {
        if !completion.budgetOK { counters.budgetOverruns.add(1, ordering: .relaxed) }
        let language: Classification
        let number: Classification
        do {
            language = try models.language.result()
            number = try models.number.result()
        } catch {
            sink(.error(ErrorMessage(reason: .pipeline, message: "cannot read the models' outputs: \(error)")))
            return
        }
        guard language.confidence >= minimumConfidence, number.confidence >= minimumConfidence else {
            counters.rejected.add(1, ordering: .relaxed)
            return
        }
        counters.utterances.add(1, ordering: .relaxed)
        sink(
            .utterance(
                UtteranceEvent(
                    start: start, end: end,
                    language: .init(label: language.label, confidence: language.confidence),
                    number: .init(value: Int(number.label) ?? number.index, confidence: number.confidence),
                    device: .init(
                        cycles: completion.cycles, latencyMs: profile.seconds(cycles: completion.latencyCycles) * 1e3,
                        energyMicrojoules: profile.joules(cycles: completion.cycles) * 1e6,
                        budgetOK: completion.budgetOK))))
    }
}
