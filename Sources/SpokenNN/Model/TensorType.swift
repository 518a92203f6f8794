/// The element type of a tensor (`tflite::TensorType`).
///
/// A struct over the schema's byte rather than an enum, so a file with a type spokend does not run still reads
/// and the interpreter can refuse it by name.
public struct TensorType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int8

    public init(rawValue: Int8) {
        self.rawValue = rawValue
    }

    public static let float32 = TensorType(rawValue: 0)
    public static let float16 = TensorType(rawValue: 1)
    public static let int32 = TensorType(rawValue: 2)
    public static let uint8 = TensorType(rawValue: 3)
    public static let int64 = TensorType(rawValue: 4)
    public static let string = TensorType(rawValue: 5)
    public static let bool = TensorType(rawValue: 6)
    public static let int16 = TensorType(rawValue: 7)
    public static let int8 = TensorType(rawValue: 9)
    public static let float64 = TensorType(rawValue: 10)

    private static let names = [
        "FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64", "INT8", "FLOAT64",
        "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4", "BFLOAT16", "INT2", "UINT4",
    ]

    /// The schema's name, e.g. `INT8`, or `TYPE_<n>` for a code the schema does not define.
    public var description: String {
        rawValue >= 0 && Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "TYPE_\(rawValue)"
    }

    /// Bytes per element for the fixed-size types spokend can hold in an arena, nil otherwise.
    public var byteSize: Int? {
        switch self {
        case .float32, .int32: 4
        case .int8, .uint8, .bool: 1
        case .int16, .float16: 2
        case .int64, .float64: 8
        default: nil
        }
    }
}
