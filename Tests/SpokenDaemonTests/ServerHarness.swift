import Foundation
import SpokenDaemon

/// A socket server on a fresh path in a temporary directory, with a bus the test publishes to.
struct ServerHarness {
    let bus: EventBus
    let server: SocketServer
    let path: String
    let directory: URL

    static let hello = Event.hello(
        Hello(
            version: "test", models: [], audio: Hello.AudioFormat(sampleRate: 16000, source: "test"),
            device: "nrf52840"))

    static func start(queueCapacity: Int = 256, status: Status = Status()) async throws -> ServerHarness {
        // Short paths: sun_path holds 108 bytes.
        let directory = URL(fileURLWithPath: "/tmp/spokend-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("s.sock").path
        let bus = EventBus(queueCapacity: queueCapacity)
        let server = try await SocketServer.start(
            .path(path), bus: bus, hello: { hello }, status: { status })
        return ServerHarness(bus: bus, server: server, path: path, directory: directory)
    }

    /// A connected client that has read its `hello` (so the server has registered it).
    func connect() throws -> EventClient {
        let client = try EventClient(path: path, timeout: .seconds(10))
        guard case .hello = try client.nextEvent() else { throw DaemonError(.socket, "no hello first") }
        return client
    }

    /// Runs `body` against a fresh server and stops the server afterwards, whether `body` threw or not.
    static func with(
        queueCapacity: Int = 256, status: Status = Status(), _ body: (ServerHarness) async throws -> Void
    ) async throws {
        let harness = try await start(queueCapacity: queueCapacity, status: status)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    func stop(grace: Duration = .seconds(1)) async {
        await server.close(grace: grace)
        try? FileManager.default.removeItem(at: directory)
    }

    /// An utterance event numbered `index` (its number value), distinct from every other.
    static func utterance(_ index: Int) -> Event {
        .utterance(
            UtteranceEvent(
                start: Double(index), end: Double(index) + 0.5,
                language: .init(label: "de", confidence: 0.97), number: .init(value: index, confidence: 0.91),
                device: .init(cycles: 1_234_567, latencyMs: 28.1, energyMicrojoules: 95.5, budgetOK: true)))
    }
}
