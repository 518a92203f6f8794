import Foundation
import SpokenDaemon
import TestSupport
import Testing

@Suite("spokend watch")
struct WatchCommandTests {
    /// The utterance of the example line, `00:12.34  de  42   lang 0.97  num 0.91   chip 28 ms`.
    static let example = Event.utterance(
        UtteranceEvent(
            start: 12.34, end: 13.1, language: .init(label: "de", confidence: 0.97),
            number: .init(value: 42, confidence: 0.91),
            device: .init(cycles: 1_792_000, latencyMs: 28, energyMicrojoules: 80, budgetOK: true)))

    /// Runs `spokend watch arguments…` against a fresh server, publishes `events` once it is connected, and returns
    /// what it printed and its exit status.
    static func watch(_ arguments: [String], events: [Event]) async throws -> (status: Int32, output: String) {
        var result: (Int32, String) = (0, "")
        try await ServerHarness.with { harness in
            let process = Process()
            process.executableURL = SpokendProcess.executable
            process.arguments = ["watch", "--socket", harness.path] + arguments
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            // Wait (bounded) for the client to be registered, so it gets every event.
            let deadline = ContinuousClock.now + .seconds(20)
            while harness.bus.clientCount == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            for event in events { harness.bus.publish(event) }
            let bytes = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            result = (process.terminationStatus, String(decoding: bytes, as: UTF8.self))
        }
        return result
    }

    @Test("prints the readable line of each utterance and exits after --count")
    func readableLines() async throws {
        let second = ServerHarness.utterance(7)
        let (status, output) = try await Self.watch(["--count", "2"], events: [Self.example, second])
        #expect(status == 0)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)  // hello, two utterances
        #expect(lines.dropFirst().first == "00:12.34  de  42   lang 0.97  num 0.91   chip 28 ms")
        #expect(lines.last?.hasPrefix("00:07.00  de   7   lang 0.97  num 0.91   chip 28 ms") == true)
    }

    @Test("--json prints the protocol's lines as they came")
    func jsonLines() async throws {
        let (status, output) = try await Self.watch(["--json", "--count", "1"], events: [Self.example])
        #expect(status == 0)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(try Event.decode(line: Array(lines[1].utf8)) == Self.example)
    }

    @Test("no daemon at the socket: one clear line and a non-zero exit")
    func noDaemon() throws {
        let result = try SpokendProcess.run(["watch", "--socket", "/tmp/spokend-nothing-here.sock"])
        #expect(result.status != 0)
        #expect(result.standardError.hasPrefix("spokend: cannot connect to /tmp/spokend-nothing-here.sock"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
