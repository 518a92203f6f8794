/// The `vad` event: the voice activity detector switched between speech and silence.
public struct VoiceActivity: Codable, Sendable, Equatable {
    /// `speech` or `silence`.
    public enum State: String, Codable, Sendable {
        case speech, silence
    }

    public var state: State
    /// Stream time of the transition, in seconds.
    public var time: Double

    public init(state: State, time: Double) {
        self.state = state
        self.time = time
    }
}
