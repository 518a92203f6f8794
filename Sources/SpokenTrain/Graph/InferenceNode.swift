/// One operation of an `InferenceGraph` and where its operands come from.
public struct InferenceNode: Codable, Sendable, Equatable {
    /// Where an operand comes from: the graph input, or the output of an earlier node (by index).
    public enum Source: Codable, Sendable, Equatable, Hashable {
        case input
        case node(Int)
    }

    public var op: InferenceOp
    /// One source for every op except `.add`, which has two.
    public var inputs: [Source]

    public init(op: InferenceOp, inputs: [Source]) {
        self.op = op
        self.inputs = inputs
    }
}
