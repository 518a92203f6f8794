import Foundation
import SpokenDaemon
import TestSupport
import Testing

@Suite("capture device lost mid-stream")
struct DeviceLossTests {
    /// Asks for `status` on `client` until `condition` (of the status and the utterance events read so far) holds or
    /// 30 s pass; the utterances read meanwhile are added to `utterances`. Returns the last status.
    static func status(
        of client: EventClient, utterances: inout [UtteranceEvent], until condition: (Status, Int) -> Bool
    ) throws -> Status {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            try client.send(#"{"cmd":"status"}"#)
            var answer: Status?
            while answer == nil, let event = try client.nextEvent() {
                switch event {
                case .status(let status): answer = status
                case .utterance(let utterance): utterances.append(utterance)
                default: break
                }
            }
            let status = try #require(answer, "the daemon closed the connection")
            if condition(status, utterances.count) || ContinuousClock.now > deadline { return status }
            // The next question in 50 ms: the counters change on the device's clock, not on an event we could await.
            _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(50))
        }
    }

    /// `spokend serve` capturing from `device`, once it said READY=1, and a client that got its hello.
    static func serve(_ device: VanishingALSADevice, models: URL) throws -> (ServeProcess, EventClient) {
        // The test devices' configuration, passed on explicitly (ALSATestDevices set it in this process).
        let alsa = try #require(getenv("ALSA_CONFIG_PATH").map { String(cString: $0) })
        let serve = try ServeProcess(
            models: models, audio: ["--device", device.name], environment: ["ALSA_CONFIG_PATH": alsa])
        _ = try #require(serve.notifications.waitFor("READY=1"), "\(serve.standardError)")
        let client = try EventClient(path: serve.socket, timeout: .seconds(30))
        guard case .hello = try client.nextEvent() else { throw DaemonError(.socket, "no hello") }
        return (serve, client)
    }

    @Test("an unplugged device shows in status, is retried at most 1 s apart, and is heard again on the same client")
    func unplugAndBack() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        // A second of silence at the end: the device repeats its last read, which may be its whole buffer (0.64 s).
        let (samples, speech) = DaemonFixture.stream([(0.5, 0.8)], trailing: 1)
        let device = try VanishingALSADevice(playing: samples)
        let (serve, client) = try Self.serve(device, models: models)

        // Captured through snd_pcm_readi: the number in the device's samples is heard.
        var utterances: [UtteranceEvent] = []
        let before = try Self.status(of: client, utterances: &utterances) { $1 == speech.count }
        #expect(utterances.count == speech.count)
        #expect(before.capturing && before.deviceLosses == 0 && before.openFailures == 0)

        device.unplug()
        // Nine failed opens: uncapped, the wait after the ninth would be 10 ms × 2⁸ = 2.56 s.
        let lost = try Self.status(of: client, utterances: &utterances) { status, _ in status.openFailures >= 9 }
        #expect(lost.deviceLosses == 1)
        #expect(!lost.capturing)
        #expect(lost.openFailures >= 9)
        #expect(lost.retrySeconds == 1)
        #expect(lost.audioError?.contains(device.name) == true, "\(lost.audioError ?? "no error")")

        try device.plugIn()
        let back = try Self.status(of: client, utterances: &utterances) { status, _ in status.capturing }
        #expect(back.capturing && back.retrySeconds == nil && back.deviceLosses == 1)
        // The same connection hears the device's number again, from its reopened stream.
        _ = try Self.status(of: client, utterances: &utterances) { $1 == 2 * speech.count }
        #expect(utterances.count == 2 * speech.count)
        #expect(utterances.last?.start ?? 0 > utterances.first?.end ?? .infinity)

        serve.signal(SIGTERM)
        device.unplug()
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
    }

    @Test("a device whose open never returns: the daemon still gets ready, says so in status, and stops on SIGTERM")
    func openThatNeverReturns() throws {
        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let device = try VanishingALSADevice(playing: DaemonFixture.stream([(0.5, 0.8)], trailing: 1).samples)
        device.jam()
        let (serve, client) = try Self.serve(device, models: models)
        var utterances: [UtteranceEvent] = []
        let status = try Self.status(of: client, utterances: &utterances) { status, _ in !status.capturing }
        #expect(!status.capturing && status.openFailures == 0 && utterances.isEmpty)
        serve.signal(SIGTERM)
        #expect(serve.waitForExit() == 0, "\(serve.standardError)")
        #expect(serve.standardError.contains("did not stop"), "\(serve.standardError)")
    }
}
