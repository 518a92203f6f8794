import Foundation
import SpokenAudio
import SpokenDaemon
import TestSupport
import Testing

@Suite("spokend serve")
struct ServeCommandTests {
    @Test("systemd hears READY=1, WATCHDOG=1 from the processing loop, STOPPING=1 on SIGTERM, and the exit is 0")
    func notifications() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let serve = try ServeProcess(models: models, environment: ["WATCHDOG_USEC": "200000"])
        let ready = try #require(serve.notifications.waitFor("READY=1"), "\(serve.standardError)")
        #expect(ready.last?.contains("STATUS=") == true)
        #expect(serve.notifications.waitFor("WATCHDOG=1") != nil)
        serve.signal(SIGTERM)
        #expect(serve.notifications.waitFor("STOPPING=1") != nil)
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
    }

    @Test("SIGTERM in the middle of an utterance: it is classified and sent, the clients are closed, the exit is 0")
    func drainOnStop() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        // Speech to the end of what is written, and the input left open: the utterance is still going on.
        let (samples, _) = DaemonFixture.stream([(0.5, 1.5)], trailing: 0)
        let serve = try ServeProcess(models: models)
        _ = try #require(serve.notifications.waitFor("READY=1"), "\(serve.standardError)")
        let client = try EventClient(path: serve.socket, timeout: .seconds(30))
        guard case .hello = try client.nextEvent() else { throw DaemonError(.socket, "no hello") }
        try client.send(#"{"cmd":"subscribe","vad":true}"#)
        serve.write(samples)
        guard case .vad(let onset) = try client.nextEvent(), onset.state == .speech else {
            throw DaemonError(.socket, "no onset")
        }
        serve.signal(SIGTERM)
        var events: [Event] = []
        while let event = try client.nextEvent() { events.append(event) }  // until the daemon closes the connection
        #expect(events.count == 2, "\(events)")
        if case .vad(let end) = events.first { #expect(end.state == .silence) } else { Issue.record("\(events)") }
        if case .utterance(let utterance) = events.last {
            #expect(utterance.start == onset.time && utterance.end > utterance.start)
        } else {
            Issue.record("no utterance: \(events)")
        }
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
    }

    @Test("a systemd that does not read its notify socket holds back neither the events nor the exit on SIGTERM")
    func unreadNotifySocket() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let (samples, speech) = DaemonFixture.stream([(0.5, 0.8), (0.5, 0.8)])
        let serve = try ServeProcess(models: models)
        _ = try #require(serve.notifications.waitFor("READY=1"), "\(serve.standardError)")
        // From here on nobody reads the notifications, and the queue is full, as a stuck systemd leaves it: each
        // utterance's status line and STOPPING=1 find no room.
        #expect(try serve.notifications.fill() > 0)
        let client = try EventClient(path: serve.socket, timeout: .seconds(30))
        guard case .hello = try client.nextEvent() else { throw DaemonError(.socket, "no hello") }
        serve.write(samples)
        var utterances = 0
        while utterances < speech.count, let event = try client.nextEvent() {
            if case .utterance = event { utterances += 1 }
        }
        #expect(utterances == speech.count)
        serve.signal(SIGTERM)
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
    }

    @Test("a stream of utterances gives exactly the expected events on a real socket, then a clean exit")
    func streamToSocket() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let (generated, speech) = DaemonFixture.stream([(0.5, 1.0), (0.7, 0.8), (0.6, 0.9)])
        let samples = try WAVFile(contentsOf: DaemonFixture.wav(generated)).samples  // 16-bit, as stdin carries
        let loaded = try LoadedModels(directory: models.path, profile: .nrf52840)
        let expected = try PipelineTests.expected(samples, models: loaded)
        #expect(expected.count == speech.count)

        let serve = try ServeProcess(models: models)
        _ = try #require(serve.notifications.waitFor("READY=1"), "\(serve.standardError)")
        let client = try EventClient(path: serve.socket, timeout: .seconds(30))
        guard case .hello(let hello) = try client.nextEvent() else { throw DaemonError(.socket, "no hello") }
        #expect(hello.models.map(\.name) == ["language", "number"])
        #expect(hello.models.first?.labels == DaemonFixture.languageLabels)
        try client.send(#"{"cmd":"subscribe","vad":true}"#)
        serve.write(samples)
        serve.closeInput()
        var utterances: [UtteranceEvent] = []
        var transitions: [VoiceActivity.State] = []
        while let event = try client.nextEvent() {
            switch event {
            case .utterance(let utterance): utterances.append(utterance)
            case .vad(let activity): transitions.append(activity.state)
            default: Issue.record("unexpected \(event)")
            }
        }
        #expect(
            transitions == Array(repeating: [VoiceActivity.State.speech, .silence], count: speech.count).flatMap { $0 })
        #expect(utterances.count == expected.count)
        for (utterance, (start, end, offline)) in zip(utterances, expected) {
            #expect(utterance.start == start && utterance.end == end)
            #expect(utterance.language.label == offline.language?.label)
            #expect(utterance.language.confidence == offline.language?.confidence)
            #expect(String(utterance.number.value) == offline.number?.label)
            #expect(utterance.number.confidence == offline.number?.confidence)
            #expect(utterance.device.budgetOK)
        }
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
    }

    @Test("SIGHUP with a corrupt model keeps the old models and says why; a good set is taken")
    func reload() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let serve = try ServeProcess(models: models)
        _ = try #require(serve.notifications.waitFor("READY=1"), "\(serve.standardError)")
        let number = models.appendingPathComponent("number.tflite")
        let good = try Data(contentsOf: number)  // corrupted: cut in half
        try Data(good.prefix(good.count / 2)).write(to: number)
        let watcher = try EventClient(path: serve.socket, timeout: .seconds(30))
        _ = try watcher.nextEvent()  // hello
        serve.signal(SIGHUP)
        // RELOADING=1, then READY=1 again with the reason in its status line.
        let reloaded = try #require(serve.notifications.waitFor("READY=1"))
        #expect(reloaded.contains("RELOADING=1"))
        #expect(reloaded.last?.contains("keeping the models in use") == true)
        guard case .error(let error) = try watcher.nextEvent() else { throw DaemonError(.socket, "no error event") }
        #expect(error.reason == .pipeline)
        #expect(error.message.contains("number.tflite"))
        // The old models still answer.
        let (samples, _) = DaemonFixture.stream([(0.5, 1.0)])
        serve.write(samples)
        guard case .utterance = try watcher.nextEvent() else { throw DaemonError(.socket, "no utterance") }
        // A good set with other labels replaces them (between utterances): new clients' hello shows it.
        let relabelled = (10..<22).map(String.init)
        try DaemonFixture.writeModel(labels: relabelled, to: number)
        serve.signal(SIGHUP)
        let second = try #require(serve.notifications.waitFor("READY=1"))
        #expect(second.last?.contains("models reloaded") == true)
        var labels: [String]?
        let deadline = Date().addingTimeInterval(20)
        while labels != relabelled, Date() < deadline {
            if case .hello(let hello) = try EventClient(path: serve.socket, timeout: .seconds(30)).nextEvent() {
                labels = hello.models.last?.labels
            }
        }
        #expect(labels == relabelled)
        serve.closeInput()
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
        #expect(serve.standardError.contains("reload failed, keeping the models in use"))
    }

    @Test(
        "socket activation: systemd-socket-activate holds the socket and spokend serves on it",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-socket-activate")))
    func socketActivation() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let held = "/tmp/spokend-activate-\(UUID().uuidString.prefix(8)).sock"
        defer { unlink(held) }
        let serve = try ServeProcess(
            models: models, wrapper: ["/usr/bin/systemd-socket-activate", "-l", held, "-E", "NOTIFY_SOCKET"])
        // The activator listens first; the connection starts spokend, which takes the socket over.
        var client: EventClient?
        let deadline = Date().addingTimeInterval(30)
        while client == nil, Date() < deadline {
            client = try? EventClient(path: held, timeout: .seconds(30))
            if client == nil { usleep(20_000) }
        }
        let connected = try #require(client)
        guard case .hello = try connected.nextEvent() else { throw DaemonError(.socket, "no hello") }
        _ = try #require(serve.notifications.waitFor("READY=1"))
        #expect(!FileManager.default.fileExists(atPath: serve.socket))  // --socket is not used
        serve.signal(SIGTERM)
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
    }
}
