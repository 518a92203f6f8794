/// A `.tflite` model that cannot be read, verified or run.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the offending thing.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case truncated, badIdentifier, offsetOutOfBounds, malformed, unsupportedOp, unsupportedType
            case badProfile
        }
        fileprivate let base: Base

        public static let truncated = Code(base: .truncated)
        public static let badIdentifier = Code(base: .badIdentifier)
        public static let offsetOutOfBounds = Code(base: .offsetOutOfBounds)
        public static let malformed = Code(base: .malformed)
        public static let unsupportedOp = Code(base: .unsupportedOp)
        public static let unsupportedType = Code(base: .unsupportedType)
        /// A device profile JSON that cannot be read or makes no sense (negative sizes, more reserved than exists).
        public static let badProfile = Code(base: .badProfile)

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
