/// One node of a subgraph (`tflite::Operator`): which operator code it runs, on which tensors, with which options.
public struct Operator: Equatable, Sendable {
    /// Index into `Model.operatorCodes`.
    public var opcodeIndex: UInt32
    /// Indices into `Subgraph.tensors`; -1 marks an omitted optional input (e.g. no bias).
    public var inputs: [Int32]
    /// Indices into `Subgraph.tensors`.
    public var outputs: [Int32]
    public var options: BuiltinOptions
    /// Indices into `Subgraph.tensors` of intermediate tensors (quantized LSTM); empty for the ops spokend runs.
    public var intermediates: [Int32]

    public init(
        opcodeIndex: UInt32, inputs: [Int32], outputs: [Int32], options: BuiltinOptions = .none,
        intermediates: [Int32] = []
    ) {
        self.opcodeIndex = opcodeIndex
        self.inputs = inputs
        self.outputs = outputs
        self.options = options
        self.intermediates = intermediates
    }
}
