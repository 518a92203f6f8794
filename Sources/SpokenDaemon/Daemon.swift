import Foundation
import Logging
import ServiceLifecycle
import SpokenAudio
import SpokenNN
import Synchronization
import UnixSignals

/// `spokend serve`: the pipeline as a systemd service, with its socket server, notifications and reloads.
///
/// Start-up: load the models, open the audio (a service waits for a capture device that is not there yet), listen
/// on the socket systemd passed or on `--socket`, then `READY=1`. While running, the processing thread pings the
/// watchdog itself (`WATCHDOG=1` only while it really turns) and every utterance goes to the socket clients and to
/// the log (journald fields `SPOKEND_LANGUAGE`, `SPOKEND_NUMBER`, … under systemd). SIGHUP reloads the models: a
/// complete new set replaces the old between utterances, a bad one is rejected and the old kept. SIGTERM (graceful
/// shutdown from `ServiceGroup`): `STOPPING=1`, the source stops, in-flight utterances are classified and sent, the
/// clients get what was queued for them, and `run` returns normally (exit 0).
public final class Daemon: Service, Sendable {
    public struct Configuration: Sendable {
        /// Directory with `language.tflite` and `number.tflite`.
        public var models: String
        public var input: AudioInput
        /// Socket path, used unless systemd passes a socket.
        public var socket: String
        public var profile: DeviceProfile
        public var minimumConfidence: Double
        public var version: String

        public init(
            models: String, input: AudioInput, socket: String, profile: DeviceProfile, minimumConfidence: Double,
            version: String
        ) {
            self.models = models
            self.input = input
            self.socket = socket
            self.profile = profile
            self.minimumConfidence = minimumConfidence
            self.version = version
        }
    }

    public let configuration: Configuration
    private let logger: Logger
    private let notifier = Notifier()

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        // A broken pipe is an error on that one descriptor, never the end of the service: a client that went away
        // mid-write (NIO copes), or an ALSA plugin that writes to a pipe (the `file` plugin's output) whose reader
        // died — that device is lost and reopened like an unplugged one.
        signal(SIGPIPE, SIG_IGN)
        let models = try LoadedModels(directory: configuration.models, profile: configuration.profile)
        let source: AudioSource
        do {
            source = try AudioSource(configuration.input, sampleRate: models.frontEnd.sampleRate)
            try source.start(waitForDevice: configuration.input.isLive)
        } catch {
            throw DaemonError(.audio, error.detail)
        }
        defer { source.stop() }
        let pipeline = try Pipeline(
            source: source, models: models, profile: configuration.profile,
            minimumConfidence: configuration.minimumConfidence)
        let bus = EventBus()
        let sockets = try Notifier.listenSockets()
        let endpoint: SocketServer.Endpoint = sockets.first.map { .inherited($0) } ?? .path(configuration.socket)
        let version = configuration.version
        let server = try await SocketServer.start(
            endpoint, bus: bus, hello: { .hello(pipeline.hello(version: version)) }, status: { pipeline.status })
        let listening = sockets.isEmpty ? configuration.socket : "the socket systemd passed"
        logger.info("listening to \(configuration.input), models from \(configuration.models), clients on \(listening)")
        notifier.ready(status: "listening to \(configuration.input)")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.reloadOnHangUp(pipeline, bus: bus) }
            try await withGracefulShutdownHandler {
                try await self.process(pipeline, bus: bus)
            } onGracefulShutdown: { [notifier, logger] in
                notifier.stopping()
                logger.info("stopping: finishing the utterances in flight")
                pipeline.stop()
            }
            group.cancelAll()
        }
        await server.close()
        logger.info("stopped: \(EventFormatter.line(.status(pipeline.status)))")
        // STOPPING=1 and the last status line reach systemd before the exit, unless it does not read them.
        notifier.flush(until: .now() + 1)
    }

    /// Runs the pipeline on a thread of its own until it returns; the watchdog is pinged from that thread.
    private func process(_ pipeline: Pipeline, bus: EventBus) async throws {
        let notifier = notifier
        let logger = logger
        let watchdog = Mutex(WatchdogPacer(interval: notifier.watchdogInterval))
        try await pipeline.runOnOwnThread(
            sink: { event in
                bus.publish(event)
                Self.log(event, logger: logger, notifier: notifier)
            },
            heartbeat: { if watchdog.withLock({ $0.isDue() }) { notifier.watchdog() } })
    }

    /// Utterances to the log with their fields (journald: `SPOKEND_LANGUAGE=de`, `SPOKEND_NUMBER=42`, …) and to
    /// systemd's status line; pipeline errors as errors.
    private static func log(_ event: Event, logger: Logger, notifier: Notifier) {
        switch event {
        case .utterance(let utterance):
            logger.info(
                "\(EventFormatter.line(event))",
                metadata: [
                    "language": "\(utterance.language.label)",
                    "language_confidence": "\(utterance.language.confidence)",
                    "number": "\(utterance.number.value)",
                    "number_confidence": "\(utterance.number.confidence)",
                    "start": "\(utterance.start)",
                    "end": "\(utterance.end)",
                    "device_cycles": "\(utterance.device.cycles)",
                    "device_latency_ms": "\(utterance.device.latencyMs)",
                    "budget_ok": "\(utterance.device.budgetOK)",
                ])
            notifier.status(
                "last heard: \(utterance.language.label) \(utterance.number.value) at "
                    + EventFormatter.clock(utterance.start))
        case .error(let error):
            logger.error("\(error.message)")
        case .hello, .vad, .status:
            break
        }
    }

    /// Reloads the models on every SIGHUP until cancelled.
    private func reloadOnHangUp(_ pipeline: Pipeline, bus: EventBus) async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            notifier.reloading()
            do {
                let models = try LoadedModels(directory: configuration.models, profile: configuration.profile)
                guard models.frontEnd.sampleRate == pipeline.source.sampleRate else {
                    throw DaemonError(
                        .model,
                        "the new models expect \(models.frontEnd.sampleRate) Hz, the audio is "
                            + "\(pipeline.source.sampleRate) Hz")
                }
                pipeline.replaceModels(models)
                logger.info("reloaded the models from \(configuration.models)")
                notifier.ready(status: "listening to \(configuration.input) (models reloaded)")
            } catch {
                let message = "reload failed, keeping the models in use: \(error)"
                logger.error("\(message)")
                bus.publish(.error(ErrorMessage(reason: .pipeline, message: message)))
                notifier.ready(status: "listening to \(configuration.input) (\(message))")
            }
        }
    }
}
