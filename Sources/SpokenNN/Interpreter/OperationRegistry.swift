/// The ops spokend runs and how each is prepared: TFLM's op resolver.
enum OperationRegistry {
    /// The names of the supported ops, for error messages.
    static let supported: [BuiltinOperator] = [
        .conv2D, .depthwiseConv2D, .fullyConnected, .averagePool2D, .maxPool2D, .mean, .reduceMax, .add, .mul,
        .reshape, .softmax, .quantize, .dequantize,
    ]

    static func prepare(_ context: inout OperatorContext) throws(ModelError) -> any Operation {
        switch context.code {
        case .conv2D: return try Conv2DOperation(&context)
        case .depthwiseConv2D: return try DepthwiseConv2DOperation(&context)
        case .fullyConnected: return try FullyConnectedOperation(&context)
        case .averagePool2D: return try Pool2DOperation(&context, isMax: false)
        case .maxPool2D: return try Pool2DOperation(&context, isMax: true)
        case .mean, .reduceMax: return try ReduceOperation(&context)
        case .add, .mul: return try ElementwiseOperation(&context)
        case .reshape: return try ReshapeOperation(&context)
        case .softmax: return try SoftmaxOperation(&context)
        case .quantize, .dequantize: return try QuantizeOperation(&context)
        default:
            throw context.error(
                .unsupportedOp,
                "spokend does not run \(context.code) (it runs \(supported.map(\.description).joined(separator: ", ")))"
            )
        }
    }
}
