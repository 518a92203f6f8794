/// The options of an operator (the schema's `BuiltinOptions` union), for the operators spokend runs.
///
/// Options of any other operator are kept as `.unsupported(type)` with the union's type code, so such a model can
/// still be read and inspected; the interpreter then refuses it by the operator's name, and the writer refuses to
/// write options it cannot reproduce.
public enum BuiltinOptions: Equatable, Sendable {
    case none
    case conv2D(Conv2DOptions)
    case depthwiseConv2D(DepthwiseConv2DOptions)
    case fullyConnected(FullyConnectedOptions)
    case pool2D(Pool2DOptions)
    case reducer(ReducerOptions)
    case add(AddOptions)
    case mul(MulOptions)
    case reshape(ReshapeOptions)
    case softmax(SoftmaxOptions)
    case unsupported(type: UInt8)

    /// The union type codes of `tflite::BuiltinOptions` (schema.fbs).
    public enum TypeCode {
        public static let none: UInt8 = 0
        public static let conv2D: UInt8 = 1
        public static let depthwiseConv2D: UInt8 = 2
        public static let pool2D: UInt8 = 5
        public static let fullyConnected: UInt8 = 8
        public static let softmax: UInt8 = 9
        public static let add: UInt8 = 11
        public static let reshape: UInt8 = 17
        public static let mul: UInt8 = 21
        public static let reducer: UInt8 = 27
    }

    /// This value's union type code.
    public var typeCode: UInt8 {
        switch self {
        case .none: TypeCode.none
        case .conv2D: TypeCode.conv2D
        case .depthwiseConv2D: TypeCode.depthwiseConv2D
        case .fullyConnected: TypeCode.fullyConnected
        case .pool2D: TypeCode.pool2D
        case .reducer: TypeCode.reducer
        case .add: TypeCode.add
        case .mul: TypeCode.mul
        case .reshape: TypeCode.reshape
        case .softmax: TypeCode.softmax
        case .unsupported(let type): type
        }
    }
}
