extension InferenceOp {
    /// The case's name, for messages.
    var name: String {
        switch self {
        case .conv2D: "conv2D"
        case .depthwiseConv2D: "depthwiseConv2D"
        case .dense: "dense"
        case .maxPool: "maxPool"
        case .averagePool: "averagePool"
        case .globalAveragePool: "globalAveragePool"
        case .flatten: "flatten"
        case .add: "add"
        case .softmax: "softmax"
        }
    }
}
