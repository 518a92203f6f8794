import Foundation
import SpokenDaemon
import Testing

@Suite("socket server")
struct SocketServerTests {
    @Test("a client gets hello first, then every event in order, as one JSON object per line")
    func clientReadsEvents() async throws {
        try await ServerHarness.with { harness in
            let client = try EventClient(path: harness.path, timeout: .seconds(10))
            let first = try #require(try client.nextLine())
            let hello = try #require(try JSONSerialization.jsonObject(with: Data(first)) as? [String: Any])
            #expect(hello["type"] as? String == "hello")
            #expect((hello["audio"] as? [String: Any])?["sample_rate"] as? Int == 16000)
            for index in 0..<5 { harness.bus.publish(ServerHarness.utterance(index)) }
            for index in 0..<5 {
                let line = try #require(try client.nextLine())
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                #expect(object["type"] as? String == "utterance")
                #expect((object["number"] as? [String: Any])?["value"] as? Int == index)
                #expect((object["language"] as? [String: Any])?["label"] as? String == "de")
                let device = try #require(object["device"] as? [String: Any])
                #expect(Set(device.keys) == ["cycles", "latency_ms", "energy_uj", "budget_ok"])
                #expect(device["budget_ok"] as? Bool == true)
                #expect(object["start"] as? Double == Double(index))
            }
        }
    }

    @Test("a client that never reads loses events, counted and told, while another gets every event")
    func slowClientDoesNotHoldBackOthers() async throws {
        try await ServerHarness.with { harness in
            let sleeper = try harness.connect()
            let reader = try harness.connect()
            let total = 2000
            for index in 0..<total {
                harness.bus.publish(ServerHarness.utterance(index))
                guard case .utterance(let utterance) = try reader.nextEvent() else {
                    Issue.record("event \(index) is not an utterance")
                    return
                }
                #expect(utterance.number.value == index)
            }
            // The sleeper wakes: it reads what it kept, learns what it lost, and its status agrees.
            try sleeper.send(#"{"cmd":"status"}"#)
            var received: [Int] = []
            var toldDropped = 0
            var status: Status?
            while status == nil, let event = try sleeper.nextEvent() {
                switch event {
                case .utterance(let utterance): received.append(utterance.number.value)
                case .error(let error) where error.reason == .droppedEvents: toldDropped += error.dropped ?? 0
                case .status(let reply): status = reply
                default: Issue.record("unexpected \(event)")
                }
            }
            #expect(toldDropped > 0)
            #expect(received.count + toldDropped == total)
            #expect(received == received.sorted())
            #expect(status?.droppedEvents == toldDropped)
            #expect(status?.droppedEventsTotal == toldDropped)
            #expect(status?.clients == 2)
        }
    }

    @Test("100 clients at once each get every event")
    func hundredClients() async throws {
        try await ServerHarness.with { harness in
            let clients = try (0..<100).map { _ in try harness.connect() }
            #expect(harness.bus.clientCount == 100)
            for index in 0..<20 { harness.bus.publish(ServerHarness.utterance(index)) }
            for client in clients {
                var values: [Int] = []
                for _ in 0..<20 {
                    if case .utterance(let utterance) = try client.nextEvent() { values.append(utterance.number.value) }
                }
                #expect(values == Array(0..<20))
            }
        }
    }

    @Test("vad events go only to clients that subscribed")
    func voiceActivitySubscription() async throws {
        try await ServerHarness.with { harness in
            let listener = try harness.connect()
            let plain = try harness.connect()
            try listener.send(#"{"cmd":"subscribe","vad":true}"#)
            // The status reply comes after the subscription took effect: commands are handled in order.
            try listener.send(#"{"cmd":"status"}"#)
            guard case .status = try listener.nextEvent() else { throw DaemonError(.socket, "no status reply") }
            harness.bus.publish(.vad(VoiceActivity(state: .speech, time: 1.5)))
            harness.bus.publish(ServerHarness.utterance(7))
            #expect(try listener.nextEvent() == .vad(VoiceActivity(state: .speech, time: 1.5)))
            #expect(try listener.nextEvent() == ServerHarness.utterance(7))
            #expect(try plain.nextEvent() == ServerHarness.utterance(7))
        }
    }

    @Test("a malformed command gets an error object and the connection stays usable")
    func malformedCommand() async throws {
        try await ServerHarness.with(status: Status(frames: 42)) { harness in
            let client = try harness.connect()
            for bad in ["not json", #"{"cmd":"dance"}"#, #"{"cmd":"subscribe"}"#, "[1,2]"] {
                try client.send(bad)
                guard case .error(let error) = try client.nextEvent() else {
                    Issue.record("no error object for \(bad)")
                    continue
                }
                #expect(error.reason == .badCommand)
                #expect(!error.message.isEmpty)
            }
            try client.send(#"{"cmd":"status"}"#)
            guard case .status(let status) = try client.nextEvent() else { throw DaemonError(.socket, "no status") }
            #expect(status.frames == 42)
        }
    }

    @Test("an oversized command line closes that connection only")
    func oversizedLine() async throws {
        try await ServerHarness.with { harness in
            let other = try harness.connect()
            let client = try harness.connect()
            try client.send(
                bytes: [UInt8](repeating: UInt8(ascii: "x"), count: SocketServer.maximumCommandLength + 100))
            var ended = false
            do { ended = try client.nextLine() == nil } catch { ended = true }
            #expect(ended)
            harness.bus.publish(ServerHarness.utterance(1))
            #expect(try other.nextEvent() == ServerHarness.utterance(1))
        }
    }

    @Test("stopping the server sends each client what was queued for it, then closes the connection")
    func gracefulClose() async throws {
        let harness = try await ServerHarness.start(queueCapacity: 1000)
        let client = try harness.connect()
        for index in 0..<1000 { harness.bus.publish(ServerHarness.utterance(index)) }
        // Far more lines than the socket buffers hold: most are still queued when the stop begins. The client reads
        // them after that, within the grace (a long one: a loaded machine may not run this thread for a while).
        let stopping = Task { await harness.stop(grace: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))
        var values: [Int] = []
        while let event = try client.nextEvent() {
            if case .utterance(let utterance) = event { values.append(utterance.number.value) }
        }
        await stopping.value
        #expect(values == Array(0..<1000))
        #expect(!FileManager.default.fileExists(atPath: harness.path))
    }

    @Test("the socket file has mode 0660")
    func socketMode() async throws {
        try await ServerHarness.with { harness in
            let attributes = try FileManager.default.attributesOfItem(atPath: harness.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o660)
        }
    }

    @Test(
        "a socket path that cannot be bound says why in plain words, and a file already there is left as it was",
        arguments: [("missing directory", "No such file or directory"), ("regular file", "not a socket")])
    func unbindablePath(case: String, reason: String) async throws {
        let directory = URL(fileURLWithPath: "/tmp/spokend-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: file)
        let path = `case` == "regular file" ? file.path : directory.appendingPathComponent("absent/s.sock").path
        await #expect {
            _ = try await SocketServer.start(
                .path(path), bus: EventBus(queueCapacity: 4), hello: { ServerHarness.hello }, status: { Status() })
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("cannot listen on \(path): ") && message.contains(reason)
                && !message.contains("errno") && !message.contains("()")
        }
        #expect(try Data(contentsOf: file) == Data("keep me".utf8))
    }
}
