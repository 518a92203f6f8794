/// The `error` event: something a client should know went wrong for it.
public struct ErrorMessage: Codable, Sendable, Equatable {
    /// Why, as a machine-readable word.
    public enum Reason: String, Codable, Sendable {
        /// The client's command line was not JSON or not a known command.
        case badCommand = "bad_command"
        /// The client did not read fast enough and lost `dropped` events.
        case droppedEvents = "dropped_events"
        /// The daemon could not classify an utterance or reload its models (the message says which and why).
        case pipeline
    }

    public var reason: Reason
    /// One line for a human.
    public var message: String
    /// For `dropped_events`: how many were lost since the client was last told.
    public var dropped: Int?

    public init(reason: Reason, message: String, dropped: Int? = nil) {
        self.reason = reason
        self.message = message
        self.dropped = dropped
    }
}
