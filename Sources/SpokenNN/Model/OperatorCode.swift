/// Which operator an `Operator` runs (`tflite::OperatorCode`).
///
/// The schema stores the code twice: `deprecated_builtin_code` (a byte, for codes below 127) and `builtin_code`
/// (an int32, added later). The reader takes the larger of the two, as TFLite's `GetBuiltinCode` does, so files
/// from old and new converters both read right; the writer fills both.
public struct OperatorCode: Equatable, Sendable {
    public var builtin: BuiltinOperator
    /// The name of a custom operator (`builtin` is `CUSTOM`).
    public var customCode: String?
    public var version: Int32

    public init(_ builtin: BuiltinOperator, version: Int32 = 1, customCode: String? = nil) {
        self.builtin = builtin
        self.customCode = customCode
        self.version = version
    }
}
