/// A manifest row whose audio could not be read: missing, truncated or not a WAV file.
///
/// Training counts and lists these and goes on without them; one bad file in ten thousand must not cost a run.
public struct UnreadableClip: Codable, Sendable, Equatable {
    /// The clip's path as the manifest gives it.
    public var path: String
    /// What went wrong, as the WAV reader says it.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
