/// One graph of a model (`tflite::SubGraph`): tensors, the operators in execution order, and which tensors are the
/// graph's inputs and outputs.
public struct Subgraph: Equatable, Sendable {
    public var tensors: [Tensor]
    /// Indices into `tensors`.
    public var inputs: [Int32]
    /// Indices into `tensors`.
    public var outputs: [Int32]
    /// In execution order.
    public var operators: [Operator]
    public var name: String?

    public init(tensors: [Tensor], inputs: [Int32], outputs: [Int32], operators: [Operator], name: String? = nil) {
        self.tensors = tensors
        self.inputs = inputs
        self.outputs = outputs
        self.operators = operators
        self.name = name
    }
}
