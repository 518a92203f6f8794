import Benchmark
import BenchmarkSupport
import Foundation
import SpokenAudio
import SpokenCorpus
import SpokenDaemon
import SpokenNN
import SpokenRecognition
import Synchronization

/// The daemon's pipeline against issue 10's performance targets (§9), in process, release build:
/// - file mode: 60 s of speech and pauses (the demo stream repeated) as fast as possible, × real time (≥ 5,000), by
///   the wall clock and per CPU-second of the process (the fair figure on a shared machine);
/// - allocations per frame in the steady state: 10 s and 60 s of quiet noise; the difference of their
///   `Malloc (total)` divided by the 5,000 frames between them (the goal is zero);
/// - end of speech → event on the socket: the time from the segmenter closing an utterance (`Pipeline.lastDecision`)
///   to a client having read the event from a real Unix socket, per utterance (p99 ≤ 2 ms);
/// - idle CPU: 10 s of quiet noise paced at real time, the process's CPU time over the wall time (≤ 0.2 %).
/// Models: `Models/` of the repository when both are there, else the DS-CNN fixture labelled as both models.
let benchmarks: @Sendable () -> Void = {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let models = PipelineBench.modelsDirectory(root: root)
    let profile = DeviceProfile.nrf52840
    let speech = try! PipelineBench.speechStream(seconds: 60)
    let quiet = PipelineBench.quietStream(seconds: 60)
    let quietShort = PipelineBench.quietStream(seconds: 10)

    func pipeline(_ path: String, realtime: Bool = false) -> Pipeline {
        let loaded = try! LoadedModels(directory: models, profile: profile)
        let source = try! AudioSource(.file(path, realtime: realtime), sampleRate: loaded.frontEnd.sampleRate)
        try! source.start()
        return try! Pipeline(source: source, models: loaded, profile: profile, minimumConfidence: 0)
    }

    Benchmark(
        "Pipeline, file mode: 60 s of numbers and pauses",
        configuration: .init(
            metrics: [.wallClock, .realTimeFactor, .realTimeFactorPerCPUSecond], maxDuration: .seconds(20),
            maxIterations: 50)
    ) { benchmark in
        let pipeline = pipeline(speech)
        var utterances = 0
        benchmark.startMeasurement()
        let start = ContinuousClock.now
        let cpuBefore = RealTime.processCPUSeconds()
        try! pipeline.run(sink: { if case .utterance = $0 { utterances += 1 } }, heartbeat: {})
        let cpu = RealTime.processCPUSeconds() - cpuBefore
        let elapsed = ContinuousClock.now - start
        benchmark.stopMeasurement()
        precondition(utterances > 0, "no utterance in the speech stream")
        benchmark.measurement(.realTimeFactor, RealTime.factor(seconds: 60, took: elapsed))
        benchmark.measurement(.realTimeFactorPerCPUSecond, RealTime.factor(seconds: 60, cpuSeconds: cpu))
    }

    for (seconds, path) in [(10, quietShort), (60, quiet)] {
        Benchmark(
            "Pipeline, steady state: \(seconds) s of quiet noise (allocations)",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(10), maxIterations: 20)
        ) { benchmark in
            let pipeline = pipeline(path)
            benchmark.startMeasurement()
            try! pipeline.run(sink: { _ in }, heartbeat: {})
            benchmark.stopMeasurement()
        }
    }

    Benchmark(
        "End of speech to event read from the socket",
        configuration: .init(
            metrics: [.custom("decision to socket (us)", polarity: .prefersSmaller, useScalingFactor: false)],
            maxDuration: .seconds(30), maxIterations: 3)
    ) { benchmark in
        let bus = EventBus()
        let pipeline = pipeline(speech)
        let path = "/tmp/spokend-bench-\(getpid()).sock"
        let server = PipelineBench.blocking {
            try! await SocketServer.start(
                .path(path), bus: bus, hello: { .hello(pipeline.hello(version: "bench")) }, status: { pipeline.status })
        }
        let decided = Mutex<ContinuousClock.Instant?>(nil)
        let received = DispatchSemaphore(value: 0)
        let latencies = Mutex<[Duration]>([])
        // The client lives on its reader thread; it has read its hello (so it is registered) when `received` fires.
        let reader = Thread {
            let client = try! EventClient(path: path, timeout: .seconds(10))
            _ = try! client.nextLine()
            received.signal()
            while let line = try? client.nextLine() {
                let now = ContinuousClock.now
                if case .utterance = try? Event.decode(line: line), let decision = decided.withLock({ $0 }) {
                    latencies.withLock { $0.append(now - decision) }
                }
                received.signal()
            }
        }
        reader.start()
        received.wait()
        try! pipeline.run(
            sink: { event in
                guard case .utterance = event else { return }
                decided.withLock { $0 = pipeline.lastDecision }
                bus.publish(event)
                // One event in flight at a time: each latency is one event's, not a queue's.
                received.wait()
            }, heartbeat: {})
        PipelineBench.blocking { await server.close() }
        for latency in latencies.withLock({ $0 }) {
            let (seconds, attoseconds) = latency.components
            benchmark.measurement(
                .custom("decision to socket (us)", polarity: .prefersSmaller, useScalingFactor: false),
                Int(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
        }
    }

    Benchmark(
        "Idle CPU: 10 s of quiet noise at real time",
        configuration: .init(
            metrics: [.custom("CPU (% of a core, x1000)", polarity: .prefersSmaller, useScalingFactor: false)],
            maxDuration: .seconds(30), maxIterations: 1)
    ) { benchmark in
        let pipeline = pipeline(quietShort, realtime: true)
        let cpuBefore = RealTime.processCPUSeconds()
        let start = ContinuousClock.now
        try! pipeline.run(sink: { _ in }, heartbeat: {})
        let wall = ContinuousClock.now - start
        let cpu = RealTime.processCPUSeconds() - cpuBefore
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
        benchmark.measurement(
            .custom("CPU (% of a core, x1000)", polarity: .prefersSmaller, useScalingFactor: false),
            Int(cpu / wallSeconds * 100 * 1000))
    }
}
