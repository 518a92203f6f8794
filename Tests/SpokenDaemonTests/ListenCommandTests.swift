import Foundation
import SpokenDaemon
import SpokenNN
import TestSupport
import Testing

@Suite("spokend listen")
struct ListenCommandTests {
    @Test("one readable line per utterance, a summary at the end; --json gives the protocol's lines")
    func fileInput() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let (samples, speech) = DaemonFixture.stream([(0.5, 1.0), (0.7, 0.8), (0.6, 0.9)])
        let path = try DaemonFixture.wav(samples)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let readable = try SpokendProcess.run(["listen", "--models", models.path, "--input", path])
        #expect(readable.status == 0, "\(readable.standardError)")
        let lines = readable.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == speech.count)
        let pattern = #/^\d\d:\d\d\.\d\d  \S+ +\d+   lang [01]\.\d\d  num [01]\.\d\d   chip \d+ ms$/#
        for line in lines { #expect(line.wholeMatch(of: pattern) != nil, "\(line)") }
        #expect(readable.standardError.contains("heard \(speech.count) utterances"))

        let json = try SpokendProcess.run(["listen", "--models", models.path, "--input", path, "--json", "--vad"])
        #expect(json.status == 0)
        let events = try json.standardOutput.split(separator: "\n").map { try Event.decode(line: Array($0.utf8)) }
        #expect(events.filter { if case .utterance = $0 { true } else { false } }.count == speech.count)
        #expect(events.filter { if case .vad = $0 { true } else { false } }.count == 2 * speech.count)
    }

    @Test("numbers closer than a slow chip can classify: each late event says budget_ok false, the summary counts them")
    func budgetOverruns() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        // At 16 MHz the two DS-CNNs take about 1.5 s on the chip; these numbers end 0.7-0.8 s apart, so each one
        // after the first becomes ready while the chip is still busy with the one before.
        let (samples, speech) = DaemonFixture.stream([(0.5, 0.6), (0.3, 0.4), (0.3, 0.5), (0.3, 0.4)])
        let path = try DaemonFixture.wav(samples)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-slow-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: profile) }
        try DeviceProfile.nrf52840.withClock(hz: 16_000_000).json().write(to: profile)

        let run = try SpokendProcess.run(
            ["listen", "--models", models.path, "--input", path, "--json", "--profile", profile.path])
        #expect(run.status == 0, "\(run.standardError)")
        let utterances = try run.standardOutput.split(separator: "\n").compactMap { line -> UtteranceEvent? in
            if case .utterance(let utterance) = try Event.decode(line: Array(line.utf8)) { return utterance }
            return nil
        }
        #expect(utterances.map(\.device.budgetOK) == [true] + Array(repeating: false, count: speech.count - 1))
        // A late answer's latency includes the wait for the chip, so each is later than the one before.
        #expect(zip(utterances, utterances.dropFirst()).allSatisfy { $0.device.latencyMs < $1.device.latencyMs })
        #expect(run.standardError.contains("\(speech.count - 1) budget overruns"), "\(run.standardError)")
    }

    @Test("without a default capture device it says so, plays the demo stream, and Ctrl-C prints a summary")
    func demoWithoutDevice() throws {
        let models = try DaemonFixture.modelsDirectory()
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-cache-\(UUID())")
        defer {
            try? FileManager.default.removeItem(at: models)
            try? FileManager.default.removeItem(at: cache)
        }
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        // ALSA's own configuration with `default` redirected to a card no machine has: a machine without a microphone.
        let alsa = cache.appendingPathComponent("asound.conf")
        try "pcm.!default { type hw card 99 }\n".write(to: alsa, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = SpokendProcess.executable
        process.arguments = ["listen", "--models", models.path]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "XDG_CACHE_HOME": cache.path, "ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(alsa.path)",
        ]) { $1 }
        let output = Pipe()
        let errors = cache.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // The first utterance of the demo, read on a thread so a hang fails the test instead of blocking it.
        let firstLine = DispatchSemaphore(value: 0)
        let reader = Thread {
            var bytes = Data()
            while !bytes.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                bytes += chunk
            }
            firstLine.signal()
        }
        reader.start()
        #expect(firstLine.wait(timeout: .now() + 60) == .success)
        kill(process.processIdentifier, SIGINT)
        #expect(exited.wait(timeout: .now() + 30) == .success)
        #expect(process.terminationStatus == 0)
        let log = try String(contentsOf: errors, encoding: .utf8)
        #expect(log.contains("no capture device"))
        #expect(log.contains("playing the demo stream"))
        #expect(log.split(separator: "\n").last?.hasPrefix("heard ") == true)
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("spokend/demo-8.wav").path))
    }

    @Test("a capture device named with --device that cannot be opened is an error, not the demo")
    func namedDeviceMissing() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let run = try SpokendProcess.run(["listen", "--models", models.path, "--device", "spokend-test-no-such-device"])
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(run.standardError)")
        #expect(lines.first?.hasPrefix("spokend: ") == true)
        #expect(run.standardError.contains("spokend-test-no-such-device"))
        #expect(!run.standardError.contains("demo"))
    }
}
