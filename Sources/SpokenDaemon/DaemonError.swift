/// What went wrong in the daemon: its socket, its models, systemd, a client's command.
public struct DaemonError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        fileprivate enum Base { case socket, systemd, model, command, audio }
        fileprivate let base: Base
        /// The Unix socket could not be made, bound or inherited.
        public static let socket = Code(base: .socket)
        /// systemd handed over something unusable (`LISTEN_FDS`, `NOTIFY_SOCKET`).
        public static let systemd = Code(base: .systemd)
        /// A model could not be loaded or does not suit the pipeline.
        public static let model = Code(base: .model)
        /// A client's command was not understood.
        public static let command = Code(base: .command)
        /// The audio source failed.
        public static let audio = Code(base: .audio)
    }

    public let code: Code
    /// One line that says what happened and to what.
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
