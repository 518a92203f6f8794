import Foundation

/// A corpus that cannot be generated, imported or described.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the offending thing.
public struct CorpusError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable { case invalidOption, io, corruptClip, invalidFormat, synthesis }
        fileprivate let base: Base

        public static let invalidOption = Code(base: .invalidOption)
        public static let io = Code(base: .io)
        public static let corruptClip = Code(base: .corruptClip)
        /// A manifest, `folds.json` or other corpus file that does not parse or breaks an invariant.
        public static let invalidFormat = Code(base: .invalidFormat)
        /// espeak-ng refused a voice or failed to speak.
        public static let synthesis = Code(base: .synthesis)

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

extension CorpusError {
    /// The bytes of the corpus file at `url`, or an `.io` error that names it.
    static func contents(of url: URL) throws(CorpusError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw CorpusError(.io, "cannot read \(url.path): \(error.localizedDescription)")
        }
    }
}
