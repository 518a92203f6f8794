/// Why training, its data or an export could not go on.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the offending thing (the field, the file, the class).
public struct TrainError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case invalidArchitecture, invalidData, diverged, checkpoint, export
        }
        fileprivate let base: Base

        /// An `Architecture` (or options) that cannot be built; the detail names the field.
        public static let invalidArchitecture = Code(base: .invalidArchitecture)
        /// A corpus, manifest, class or fold that cannot be trained on.
        public static let invalidData = Code(base: .invalidData)
        /// The loss became NaN or infinite.
        public static let diverged = Code(base: .diverged)
        /// A checkpoint that cannot be written or read back.
        public static let checkpoint = Code(base: .checkpoint)
        /// A trained network that cannot be quantized or written as `.tflite`.
        public static let export = Code(base: .export)

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
