/// Why a model cannot be used for recognition, or an utterance cannot be recognized.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the model, the metadata entry or the file.
public struct RecognitionError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case missingMetadata, malformedMetadata, incompatibleModel, noModels, unreadableInput
        }
        fileprivate let base: Base

        /// A `spokend.*` metadata entry the model must carry is not there.
        public static let missingMetadata = Code(base: .missingMetadata)
        /// A metadata entry is there but cannot be read (bad JSON, empty labels, a bad front end).
        public static let malformedMetadata = Code(base: .malformedMetadata)
        /// The model's tensors do not match its metadata, or two models cannot work together.
        public static let incompatibleModel = Code(base: .incompatibleModel)
        /// A models folder holds neither `language.tflite` nor `number.tflite`.
        public static let noModels = Code(base: .noModels)
        /// An audio file or manifest that cannot be read.
        public static let unreadableInput = Code(base: .unreadableInput)

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
