/// The element types a `.npy` file may hold for spokend: what models take and give (int8, int16, int32) and
/// features (float32), all little-endian.
///
/// Other NumPy dtypes, and big-endian byte order, are refused by name so the user knows what to convert
/// (`np.save(path, x.astype("<f4"))`).
public enum NPYElementType: String, CaseIterable, Sendable {
    case int8
    case int16
    case int32
    case float32

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        }
    }

    /// The dtype string written in the header (`numpy.dtype.str`): int8 has no byte order, so it is `|i1`.
    var descr: String {
        switch self {
        case .int8: "|i1"
        case .int16: "<i2"
        case .int32: "<i4"
        case .float32: "<f4"
        }
    }

    /// The type for a header `descr`. A one-byte type has no byte order, so `<i1`, `>i1` and `=i1` are int8 too.
    init(descr: String) throws(ModelError) {
        switch descr {
        case "|i1", "<i1", ">i1", "=i1": self = .int8
        case "<i2": self = .int16
        case "<i4": self = .int32
        case "<f4": self = .float32
        case ">i2", ">i4", ">f4":
            throw ModelError(
                .unsupportedType,
                "big-endian dtype '\(descr)' is not supported; save it little-endian ('<\(descr.dropFirst())')")
        default:
            throw ModelError(
                .unsupportedType, "dtype '\(descr)' is not supported; spokend reads int8, <i2, <i4 and <f4 arrays")
        }
    }
}
