import Foundation

/// A command a client sends, one JSON object per line: `{"cmd":"status"}` or `{"cmd":"subscribe","vad":true}`.
enum ClientCommand: Equatable {
    /// Reply with a `status` event.
    case status
    /// Turn `vad` events on or off for this client.
    case subscribe(voiceActivity: Bool)

    private struct Wire: Decodable {
        var cmd: String
        var vad: Bool?
    }

    /// Parses one line; the error says what a client should send instead.
    static func parse(_ line: some Collection<UInt8>) throws(DaemonError) -> ClientCommand {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(line))
        } catch {
            throw DaemonError(
                .command,
                "not a command: expected one JSON object per line such as {\"cmd\":\"status\"} or "
                    + "{\"cmd\":\"subscribe\",\"vad\":true}")
        }
        switch wire.cmd {
        case "status": return .status
        case "subscribe":
            guard let vad = wire.vad else {
                throw DaemonError(.command, "subscribe needs \"vad\": true or false")
            }
            return .subscribe(voiceActivity: vad)
        default:
            throw DaemonError(.command, "unknown command \"\(wire.cmd)\" (known: status, subscribe)")
        }
    }
}
