/// A tensor of a subgraph (`tflite::Tensor`).
///
/// A tensor whose buffer holds data is a constant (weights, bias, shape); one whose buffer is empty (usually
/// buffer 0) is an activation that the interpreter places in the arena.
public struct Tensor: Equatable, Sendable {
    /// Dimensions, outermost first (NHWC for images).
    public var shape: [Int32]
    public var type: TensorType
    /// Index into `Model.buffers`.
    public var buffer: UInt32
    public var name: String?
    public var quantization: QuantizationParameters?
    public var isVariable: Bool

    public init(
        shape: [Int32], type: TensorType, buffer: UInt32 = 0, name: String? = nil,
        quantization: QuantizationParameters? = nil, isVariable: Bool = false
    ) {
        self.shape = shape
        self.type = type
        self.buffer = buffer
        self.name = name
        self.quantization = quantization
        self.isVariable = isVariable
    }

    /// The number of elements (1 for a scalar), or nil when a dimension is negative or the product overflows.
    public var elementCount: Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}
