/// A WAV file that cannot be read or written.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the offending thing.
public struct WAVError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable { case truncated, malformed, unsupportedFormat, io }
        fileprivate let base: Base

        public static let truncated = Code(base: .truncated)
        public static let malformed = Code(base: .malformed)
        public static let unsupportedFormat = Code(base: .unsupportedFormat)
        public static let io = Code(base: .io)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
