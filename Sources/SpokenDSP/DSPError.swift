/// A front-end configuration or signal that the DSP cannot work with.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the offending thing.
public struct DSPError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable { case invalidConfiguration, invalidSignal }
        fileprivate let base: Base

        public static let invalidConfiguration = Code(base: .invalidConfiguration)
        public static let invalidSignal = Code(base: .invalidSignal)

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
