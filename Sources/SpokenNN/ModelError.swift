/// A `.tflite` model, or a `.npy` tensor file, that cannot be read, verified, written or run.
///
/// One error type for the module; `Code` can grow without breaking callers. The description is the whole message
/// the CLI prints after `spokend: `, so it names the offending thing.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case truncated, badIdentifier, offsetOutOfBounds, malformed, unsupportedOp, unsupportedType
            case badProfile
            case badTable, badVector, badString, badUnion, badReference, tooComplex, unsupportedFeature
            case invalidShape, invalidQuantization, invalidOptions, inputMismatch
            case io
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
        /// A table whose vtable or fields lie outside the file or contradict each other.
        public static let badTable = Code(base: .badTable)
        /// A vector whose length runs past the end of the file.
        public static let badVector = Code(base: .badVector)
        /// A string that runs past the end of the file or lacks its terminating zero.
        public static let badString = Code(base: .badString)
        /// A union whose type code and table disagree (a type without a table, or a table without a type).
        public static let badUnion = Code(base: .badUnion)
        /// An index (buffer, tensor, operator code, subgraph) that points past the end of what it indexes.
        public static let badReference = Code(base: .badReference)
        /// A file that shares data so often that reading it would take work or memory out of proportion to its size.
        public static let tooComplex = Code(base: .tooComplex)
        /// A schema feature spokend does not support (e.g. external buffer groups, sparse tensors).
        public static let unsupportedFeature = Code(base: .unsupportedFeature)
        /// A tensor shape that is negative, overflows, or does not fit the op that uses it.
        public static let invalidShape = Code(base: .invalidShape)
        /// Quantization parameters missing or unusable for the op (zero or non-finite scale, wrong channel count).
        public static let invalidQuantization = Code(base: .invalidQuantization)
        /// Operator options outside what the op allows (zero stride, unknown padding, wrong options table).
        public static let invalidOptions = Code(base: .invalidOptions)
        /// Input data whose shape or element type does not match the model's input tensor.
        public static let inputMismatch = Code(base: .inputMismatch)
        /// A file that cannot be opened, read or written (the detail carries the system's reason).
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
