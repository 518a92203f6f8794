/// The shape facts of one operator that decide its cost on the device: what `CycleModel` prices.
///
/// Separate from `Operator` so the cycle model can price a layer that exists only on paper (tests, the search's
/// candidates) as well as one read from a `.tflite` file (`init(model:operatorIndex:)`).
public struct OpWorkload: Equatable, Sendable {
    public var op: BuiltinOperator
    /// The first input's shape, NHWC for images.
    public var inputShape: [Int]
    /// The second operand of ADD/MUL (for broadcasting); nil otherwise.
    public var secondInputShape: [Int]?
    /// The filter's shape: CONV_2D `[out, kh, kw, in]`, DEPTHWISE_CONV_2D `[1, kh, kw, out]`, FULLY_CONNECTED
    /// `[units, depth]`; nil for operators without weights.
    public var filterShape: [Int]?
    public var outputShape: [Int]
    /// Convolution or pooling window; nil otherwise.
    public var window: ConvWindow?
    /// DEPTHWISE_CONV_2D output channels per input channel.
    public var depthMultiplier: Int
    /// MEAN / REDUCE_MAX: the reduced axes (non-negative), when the axes tensor is a constant.
    public var reducedAxes: [Int]?

    public init(
        op: BuiltinOperator, inputShape: [Int], secondInputShape: [Int]? = nil, filterShape: [Int]? = nil,
        outputShape: [Int], window: ConvWindow? = nil, depthMultiplier: Int = 1, reducedAxes: [Int]? = nil
    ) {
        self.op = op
        self.inputShape = inputShape
        self.secondInputShape = secondInputShape
        self.filterShape = filterShape
        self.outputShape = outputShape
        self.window = window
        self.depthMultiplier = depthMultiplier
        self.reducedAxes = reducedAxes
    }

    /// The workload of operator `operatorIndex` of the model's first subgraph.
    ///
    /// Throws `ModelError.malformed` when a tensor index is out of range or a convolution's tensors do not have the
    /// rank it needs; it does not check more than the cost needs (the interpreter's preparation does).
    public init(model: Model, operatorIndex: Int) throws(ModelError) {
        guard let subgraph = model.subgraphs.first, subgraph.operators.indices.contains(operatorIndex) else {
            throw ModelError(.malformed, "operator \(operatorIndex) does not exist")
        }
        let node = subgraph.operators[operatorIndex]
        guard model.operatorCodes.indices.contains(Int(node.opcodeIndex)) else {
            throw ModelError(.malformed, "operator \(operatorIndex) has opcode index \(node.opcodeIndex) out of range")
        }
        let op = model.operatorCodes[Int(node.opcodeIndex)].builtin
        func shape(_ index: Int32) throws(ModelError) -> [Int] {
            guard index >= 0, subgraph.tensors.indices.contains(Int(index)) else {
                throw ModelError(.malformed, "operator \(operatorIndex) (\(op)) refers to tensor \(index)")
            }
            return subgraph.tensors[Int(index)].shape.map { Int($0) }
        }
        let input = try node.inputs.first.map { index throws(ModelError) in try shape(index) } ?? []
        let output = try node.outputs.first.map { index throws(ModelError) in try shape(index) } ?? []
        let second = node.inputs.count > 1 ? try shape(node.inputs[1]) : nil
        self.init(op: op, inputShape: input, outputShape: output)
        func spatial(_ shape: [Int]) throws(ModelError) -> (height: Int, width: Int) {
            guard shape.count == 4 else {
                throw ModelError(.malformed, "operator \(operatorIndex) (\(op)): input shape \(shape) is not 4-D")
            }
            return (shape[1], shape[2])
        }
        /// The filter and window of a convolution, whose filter is the second input, `[_, kh, kw, _]`.
        func convolution(
            _ padding: Padding, _ strides: (Int32, Int32), _ dilations: (Int32, Int32)
        ) throws(ModelError) -> ([Int], ConvWindow) {
            guard let filter = second, filter.count == 4 else {
                throw ModelError(.malformed, "operator \(operatorIndex) (\(op)) has no 4-D filter")
            }
            let window = ConvWindow(
                padding: padding, input: try spatial(input), kernelHeight: filter[1], kernelWidth: filter[2],
                strideHeight: Int(strides.0), strideWidth: Int(strides.1), dilationHeight: Int(dilations.0),
                dilationWidth: Int(dilations.1))
            return (filter, window)
        }
        switch node.options {
        case .conv2D(let options):
            (filterShape, window) = try convolution(
                options.padding, (options.strideH, options.strideW), (options.dilationH, options.dilationW))
        case .depthwiseConv2D(let options):
            (filterShape, window) = try convolution(
                options.padding, (options.strideH, options.strideW), (options.dilationH, options.dilationW))
            depthMultiplier = max(Int(options.depthMultiplier), 1)
        case .pool2D(let options):
            window = ConvWindow(
                padding: options.padding, input: try spatial(input),
                kernelHeight: Int(options.filterHeight), kernelWidth: Int(options.filterWidth),
                strideHeight: Int(options.strideH), strideWidth: Int(options.strideW))
        case .fullyConnected:
            filterShape = second
        case .add, .mul:
            secondInputShape = second
        case .reducer:
            reducedAxes = Self.axes(model, subgraph, node, rank: input.count)
        default:
            if op == .add || op == .mul { secondInputShape = second }
        }
    }

    /// The constant int32 axes of a reduction (its second input), made non-negative; nil when not constant.
    private static func axes(_ model: Model, _ subgraph: Subgraph, _ node: Operator, rank: Int) -> [Int]? {
        guard node.inputs.count > 1, node.inputs[1] >= 0, Int(node.inputs[1]) < subgraph.tensors.count else {
            return nil
        }
        let tensor = subgraph.tensors[Int(node.inputs[1])]
        guard tensor.type == .int32, Int(tensor.buffer) < model.buffers.count else { return nil }
        let bytes = Array(model.buffers[Int(tensor.buffer)].data)
        guard !bytes.isEmpty, bytes.count % 4 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 4).map { offset in
            let value = Int(
                Int32(
                    bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                        | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24))
            return value < 0 ? value + rank : value
        }
    }

    /// Multiply–accumulates, counted over the full window (padding included).
    public var macs: Int {
        switch op {
        case .conv2D:
            guard let filter = filterShape, filter.count == 4 else { return 0 }
            return elements(outputShape) * filter[1] * filter[2] * filter[3]
        case .depthwiseConv2D:
            guard let filter = filterShape, filter.count == 4 else { return 0 }
            return elements(outputShape) * filter[1] * filter[2]
        case .fullyConnected:
            guard let filter = filterShape, let depth = filter.last else { return 0 }
            return elements(outputShape) * depth
        default:
            return 0
        }
    }

    /// The number of elements of `shape` (1 for a scalar).
    func elements(_ shape: [Int]) -> Int { shape.reduce(1) { $0 * max($1, 0) } }
}
