/// Why a search could not start or go on.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the offending field, file or program.
public struct SearchError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case invalidConfig, runDirectory, executor, evaluation
        }
        fileprivate let base: Base

        /// A search config (or command-line option) that cannot run; the detail names the field.
        public static let invalidConfig = Code(base: .invalidConfig)
        /// A run directory that cannot be created, read or appended to, or belongs to another search.
        public static let runDirectory = Code(base: .runDirectory)
        /// An executor that cannot run workers (no Slurm, `sbatch` refusing the job).
        public static let executor = Code(base: .executor)
        /// A candidate that could not be trained or measured.
        public static let evaluation = Code(base: .evaluation)

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
