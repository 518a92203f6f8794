/// A trained float network in inference form: what the quantizer and exporter turn into an int8 `.tflite`.
///
/// The training engine produces it with batch norms folded into the preceding convolution or dense layer and
/// dropout gone, so every node here has a TFLite counterpart (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, the
/// pools, MEAN, RESHAPE, ADD, SOFTMAX). Plain data (`Codable`), so a graph can be stored beside a checkpoint and
/// checked by tests without the engine.
///
/// Layout is TFLite's: activations NHWC without the batch axis; the input is `[frames, mels, 1]` (height = time,
/// width = mel band). Nodes are in execution order; a node reads earlier nodes' outputs (or the graph input).
public struct InferenceGraph: Codable, Sendable, Equatable {
    /// The input's shape without the batch axis: `[frames, mels, 1]`.
    public var inputShape: [Int]
    /// The nodes in execution order; the last one's output is the graph's output (class scores before softmax
    /// unless the last node is `.softmax`).
    public var nodes: [InferenceNode]

    public init(inputShape: [Int], nodes: [InferenceNode]) {
        self.inputShape = inputShape
        self.nodes = nodes
    }
}
