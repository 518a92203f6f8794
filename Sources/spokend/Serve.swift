import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SpokenAudio
import SpokenDaemon
import SpokenNN

/// `spokend serve`: the daemon, as systemd runs it (Systemd/spokend.service) or by hand.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon: hear numbers and tell every client of the Unix socket.",
        discussion: """
            The same pipeline as `spokend listen`, with its events on a Unix socket as JSON lines (hello, \
            utterance, vad on request, status on request; see README, "The daemon protocol"). Under systemd it \
            reports READY=1 once the models are loaded and the audio is open, pings the watchdog from its \
            processing loop, takes the socket from spokend.socket, and logs to the journal with fields \
            (SPOKEND_LANGUAGE, SPOKEND_NUMBER, ...). SIGHUP reloads the models (a bad set is rejected and the old \
            one kept); SIGTERM finishes the utterances in flight and exits 0.

            Examples:
              spokend serve --socket /tmp/spokend.sock &
              spokend watch --socket /tmp/spokend.sock
              echo '{"cmd":"status"}' | socat - UNIX-CONNECT:/tmp/spokend.sock
              arecord -f S16_LE -r 16000 -c 1 | spokend serve --input - --socket /tmp/spokend.sock
              systemctl enable --now spokend.socket spokend.service     # after make install
              journalctl -u spokend SPOKEND_NUMBER=42
            """)

    @OptionGroup var options: PipelineOptions

    @Option(help: "The Unix socket to listen on, unless systemd passes one (spokend.socket).")
    var socket = "/run/spokend/spokend.sock"

    func run() async throws {
        let journal = JournalLogHandler.isStandardErrorJournal
        LoggingSystem.bootstrap { label in
            journal ? JournalLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        let logger = Logger(label: "spokend")
        let daemon = Daemon(
            configuration: Daemon.Configuration(
                models: ModelsDirectory.resolve(options.models), input: options.audioInput, socket: socket,
                profile: try DeviceProfile.named(options.profile), minimumConfidence: options.minConfidence,
                version: Spokend.version),
            logger: logger)
        // The daemon returns when its input ends (a file, stdin): that is a finished run, not a failure.
        let service = ServiceGroupConfiguration.ServiceConfiguration(
            service: daemon, successTerminationBehavior: .gracefullyShutdownGroup)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
