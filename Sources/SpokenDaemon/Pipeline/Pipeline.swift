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
    private let makeSegmenter: (FrontEndConfig) throws(DaemonError) -> any UtteranceSegmenting
    private let counters = PipelineCounters()
    private let stopRequested = Atomic<Bool>(false)
    private let replacement = Mutex<LoadedModels?>(nil)
    private let current: Mutex<LoadedModels>

    // The processing thread's state.
    private var models: LoadedModels
    private var extractor: FeatureExtractor
    private var segmenter: any UtteranceSegmenting
    private var timeline: DeviceTimeline
    /// Frames of the stream so far, and the frame at which the current segmenter started (its frame numbers count
    /// from there).
    private var frame = 0
    private var segmenterOrigin = 0

    /// Samples read from the source at a time: 10 ms at 16 kHz.
    static let chunk = 160

    /// A pipeline from `source` through `models`; `makeSegmenter` makes the VAD and segmenter for a front end.
    public init(
        source: AudioSource, models: LoadedModels, profile: DeviceProfile, minimumConfidence: Double,
        makeSegmenter: @escaping (FrontEndConfig) throws(DaemonError) -> any UtteranceSegmenting
    ) throws(DaemonError) {
        guard source.sampleRate == models.frontEnd.sampleRate else {
            throw DaemonError(
                .model,
                "the models expect \(models.frontEnd.sampleRate) Hz, the audio source delivers \(source.sampleRate) Hz")
        }
        self.source = source
        self.profile = profile
        self.minimumConfidence = minimumConfidence
        self.makeSegmenter = makeSegmenter
        self.models = models
        current = Mutex(models)
        (extractor, segmenter, timeline) = try Self.frontEnd(for: models, profile: profile, makeSegmenter)
    }

    private static func frontEnd(
        for models: LoadedModels, profile: DeviceProfile,
        _ makeSegmenter: (FrontEndConfig) throws(DaemonError) -> any UtteranceSegmenting
    ) throws(DaemonError) -> (FeatureExtractor, any UtteranceSegmenting, DeviceTimeline) {
        let config = models.frontEnd
        let extractor: FeatureExtractor
        do {
            extractor = try FeatureExtractor(config: config)
        } catch {
            throw DaemonError(.model, "the models' front end cannot stream: \(error.detail)")
        }
        let segmenter = try makeSegmenter(config)
        let timeline = try DeviceTimeline(
            profile: profile, sampleRate: config.sampleRate, hop: config.hop,
            listeningCycles: models.recognizer.frontEndCost.cyclesPerFrame + segmenter.cyclesPerFrame)
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
            droppedSamples: Int(audio.droppedSamples), utterances: counters.utterances.load(ordering: .relaxed),
            rejected: counters.rejected.load(ordering: .relaxed),
            budgetOverruns: counters.budgetOverruns.load(ordering: .relaxed))
    }

    /// Hands over newly loaded models; they replace the old ones as soon as no utterance is in flight.
    public func replaceModels(_ models: LoadedModels) {
        replacement.withLock { $0 = models }
    }

    /// Asks `run` to finish: the source stops, what is in flight is drained and reported, then `run` returns.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    /// Processes audio until the input ends or `stop()`, reporting through `sink`; `heartbeat` is called at least
    /// every 100 ms from this loop (the systemd watchdog). Then drains and returns.
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
            if !segmenter.isInUtterance, let next = replacement.withLock({ $0.take() }) {
                try install(next)
            }
            switch source.read(into: buffer, timeout: .milliseconds(100)) {
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
        segmenter.finish { segment in handle(segment, sink) }
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
            let built = try Self.frontEnd(for: next, profile: profile, makeSegmenter)
            // Latencies are differences on one timeline, so the new one may start at cycle 0.
            (extractor, segmenter, timeline) = built
            segmenterOrigin = frame
        }
        models = next
        current.withLock { $0 = next }
    }

    /// One log-mel frame: VAD and segmenter, then one frame period of the device timeline.
    private func process(_ logMel: UnsafeBufferPointer<Float>, _ sink: Sink) {
        segmenter.push(logMel) { segment in handle(segment, sink) }
        timeline.advance()
        frame += 1
        counters.frames.add(1, ordering: .relaxed)
    }

    /// Stream time in seconds of the start of the segmenter's frame `index`.
    private func seconds(frame index: Int) -> Double {
        Double((segmenterOrigin + index) * models.frontEnd.hop) / Double(models.frontEnd.sampleRate)
    }

    private func handle(_ segment: Segment, _ sink: Sink) {
        switch segment {
        case .speechStarted(let index):
            sink(.vad(VoiceActivity(state: .speech, time: seconds(frame: index))))
        case .speechEnded(let index):
            sink(.vad(VoiceActivity(state: .silence, time: seconds(frame: index))))
        case .utterance(let frames, let first, let end):
            let completion = timeline.run(models.stages(for: frames))
            report(completion, start: seconds(frame: first), end: seconds(frame: end), sink)
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
