import Foundation
import SpokenDSP

/// One message of the daemon protocol (DESIGN.md, "The daemon protocol"): a JSON object on one line whose `"type"`
/// says which of these it is.
///
/// Encoded once per event and shared by every client, stdout and the journal, so all of them see the same bytes.
public enum Event: Sendable, Equatable {
    /// The first line every client gets: who is speaking, with which models, on what audio.
    case hello(Hello)
    /// A recognised utterance.
    case utterance(UtteranceEvent)
    /// A speech/silence transition of the voice activity detector (only to clients that subscribed).
    case vad(VoiceActivity)
    /// The counters, on request.
    case status(Status)
    /// A problem the client should know about: a command it sent that was not understood, events it lost.
    case error(ErrorMessage)

    /// Whether this is a `vad` event, which goes only to clients that asked for them.
    public var isVoiceActivity: Bool {
        if case .vad = self { return true }
        return false
    }

    /// The event as one line of JSON (keys sorted, so equal events give equal bytes), newline included.
    public func jsonLine() -> [UInt8] {
        // A non-finite figure (none is expected: every one comes from range-checked profiles and int8 outputs) must
        // not stop the daemon; `StableJSON` writes it as a string ("nan", "inf").
        func line(_ typed: some Encodable) -> [UInt8] {
            Array(StableJSON.encode(typed, formatting: .withoutEscapingSlashes))
        }
        var bytes: [UInt8]
        switch self {
        case .hello(let value): bytes = line(Typed(type: "hello", body: value))
        case .utterance(let value): bytes = line(Typed(type: "utterance", body: value))
        case .vad(let value): bytes = line(Typed(type: "vad", body: value))
        case .status(let value): bytes = line(Typed(type: "status", body: value))
        case .error(let value): bytes = line(Typed(type: "error", body: value))
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Reads one line of the protocol (what `spokend watch` and the tests receive).
    public static func decode(line: some Collection<UInt8>) throws(DaemonError) -> Event {
        let data = Data(line)
        let decoder = JSONDecoder()
        do {
            let kind = try decoder.decode(Kind.self, from: data)
            switch kind.type {
            case "hello": return .hello(try decoder.decode(Hello.self, from: data))
            case "utterance": return .utterance(try decoder.decode(UtteranceEvent.self, from: data))
            case "vad": return .vad(try decoder.decode(VoiceActivity.self, from: data))
            case "status": return .status(try decoder.decode(Status.self, from: data))
            case "error": return .error(try decoder.decode(ErrorMessage.self, from: data))
            default: throw DaemonError(.command, "unknown event type \"\(kind.type)\"")
            }
        } catch let error as DaemonError {
            throw error
        } catch {
            throw DaemonError(.command, "not a spokend event: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
    }

    private struct Kind: Decodable { var type: String }

    /// A payload with `"type"` added beside its own keys.
    private struct Typed<Body: Encodable>: Encodable {
        var type: String
        var body: Body

        private enum CodingKeys: String, CodingKey { case type }

        func encode(to encoder: any Encoder) throws {
            try body.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
        }
    }
}
