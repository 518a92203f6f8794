/// A float operation of an `InferenceGraph`, with its trained parameters, in TFLite's weight layouts.
public enum InferenceOp: Codable, Sendable, Equatable {
    /// CONV_2D. `weights` is OHWI: `[outChannels][kernelHeight][kernelWidth][inChannels]`, flattened.
    case conv2D(Convolution)
    /// DEPTHWISE_CONV_2D with depth multiplier 1. `weights` is `[1][kernelHeight][kernelWidth][channels]`.
    case depthwiseConv2D(Convolution)
    /// FULLY_CONNECTED over the flattened input. `weights` is `[outputs][inputs]`, flattened.
    case dense(weights: [Float], bias: [Float], outputs: Int, activation: Activation)
    /// MAX_POOL_2D.
    case maxPool(Window)
    /// AVERAGE_POOL_2D.
    case averagePool(Window)
    /// MEAN over height and width, keeping no spatial axes: `[h, w, c]` → `[c]`.
    case globalAveragePool
    /// RESHAPE to one axis: `[h, w, c]` → `[h·w·c]`.
    case flatten
    /// ADD of two equally shaped operands (a residual connection), then `activation`.
    case add(activation: Activation)
    /// SOFTMAX over the last axis.
    case softmax

    /// The activation fused into an op's output.
    public enum Activation: String, Codable, Sendable, Equatable {
        case none, relu, relu6
    }

    /// How a window treats the border: TFLite's SAME and VALID.
    public enum Padding: String, Codable, Sendable, Equatable {
        case same, valid
    }

    /// A convolution's parameters and trained weights.
    public struct Convolution: Codable, Sendable, Equatable {
        public var weights: [Float]
        public var bias: [Float]
        /// Output channels (for depthwise: the input's channels).
        public var outChannels: Int
        public var kernelHeight: Int
        public var kernelWidth: Int
        public var strideHeight: Int
        public var strideWidth: Int
        public var dilationHeight: Int
        public var dilationWidth: Int
        public var padding: Padding
        public var activation: Activation

        public init(
            weights: [Float], bias: [Float], outChannels: Int, kernelHeight: Int, kernelWidth: Int,
            strideHeight: Int = 1, strideWidth: Int = 1, dilationHeight: Int = 1, dilationWidth: Int = 1,
            padding: Padding = .same, activation: Activation = .relu
        ) {
            self.weights = weights
            self.bias = bias
            self.outChannels = outChannels
            self.kernelHeight = kernelHeight
            self.kernelWidth = kernelWidth
            self.strideHeight = strideHeight
            self.strideWidth = strideWidth
            self.dilationHeight = dilationHeight
            self.dilationWidth = dilationWidth
            self.padding = padding
            self.activation = activation
        }
    }

    /// A pooling window.
    public struct Window: Codable, Sendable, Equatable {
        public var height: Int
        public var width: Int
        public var strideHeight: Int
        public var strideWidth: Int
        public var padding: Padding

        public init(height: Int, width: Int, strideHeight: Int, strideWidth: Int, padding: Padding = .valid) {
            self.height = height
            self.width = width
            self.strideHeight = strideHeight
            self.strideWidth = strideWidth
            self.padding = padding
        }
    }
}
