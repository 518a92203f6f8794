/// What a worker tells the generator about one clip: its manifest row, and whether it was made, reused or replaced.
public struct ClipReport: Codable, Hashable, Sendable {
    public enum Origin: String, Codable, Sendable {
        /// Synthesized and written by this run.
        case generated
        /// Found complete from an earlier run and kept.
        case reused
        /// Found unreadable or in another format, synthesized again and written over.
        case replaced
    }

    public var entry: ManifestEntry
    public var origin: Origin
    /// Why a replaced clip was replaced (the WAV reader's message), for the log.
    public var reason: String?

    public init(entry: ManifestEntry, origin: Origin, reason: String? = nil) {
        self.entry = entry
        self.origin = origin
        self.reason = reason
    }
}
