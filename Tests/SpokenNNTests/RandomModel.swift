import SpokenNN

/// Builds small int8 models with random weights and quantization in Swift, for tests that need a model nobody
/// has seen before: the writer round trip, hostile-byte tests, and the tflite-micro oracle run on every CI run.
///
/// The graph is one the converter would produce for a small keyword-spotting net: QUANTIZE-free int8 input,
/// CONV_2D (per-channel weights, bias) → DEPTHWISE_CONV_2D (multiplier 2) → MAX_POOL_2D and AVERAGE_POOL_2D → ADD →
/// MUL → MEAN → RESHAPE → FULLY_CONNECTED → SOFTMAX, with fused activations drawn at random.
struct RandomModel<Generator: RandomNumberGenerator> {
    var generator: Generator

    private var tensors: [Tensor] = []
    private var buffers: [Buffer] = [Buffer()]
    private var operators: [Operator] = []
    private var codes: [OperatorCode] = []

    init(generator: Generator) {
        self.generator = generator
    }

    private mutating func scale(_ range: ClosedRange<Float>) -> Float {
        Float.random(in: range, using: &generator)
    }

    private mutating func activation(_ shape: [Int32], scale: Float, zeroPoint: Int64) -> Int32 {
        tensors.append(
            Tensor(
                shape: shape, type: .int8, buffer: 0, name: "t\(tensors.count)",
                quantization: QuantizationParameters(scale: [scale], zeroPoint: [zeroPoint])))
        return Int32(tensors.count - 1)
    }

    private mutating func constant(
        _ shape: [Int32], type: TensorType, bytes: [UInt8], quantization: QuantizationParameters?
    ) -> Int32 {
        buffers.append(Buffer(bytes))
        tensors.append(
            Tensor(
                shape: shape, type: type, buffer: UInt32(buffers.count - 1), name: "c\(tensors.count)",
                quantization: quantization))
        return Int32(tensors.count - 1)
    }

    private mutating func int8Weights(_ shape: [Int32], channels: Int, dimension: Int32) -> (Int32, [Float]) {
        let count = shape.reduce(1) { $0 * Int($1) }
        let bytes = (0..<count).map { _ in UInt8(bitPattern: Int8.random(in: -127...127, using: &generator)) }
        let scales = (0..<channels).map { _ in scale(0.002...0.02) }
        let q = QuantizationParameters(
            scale: scales, zeroPoint: [Int64](repeating: 0, count: channels), quantizedDimension: dimension)
        return (constant(shape, type: .int8, bytes: bytes, quantization: q), scales)
    }

    private mutating func bias(channels: Int, inputScale: Float, weightScales: [Float]) -> Int32 {
        var bytes: [UInt8] = []
        for _ in 0..<channels {
            withUnsafeBytes(of: Int32.random(in: -2000...2000, using: &generator).littleEndian) { bytes += $0 }
        }
        let q = QuantizationParameters(
            scale: weightScales.map { $0 * inputScale }, zeroPoint: [Int64](repeating: 0, count: weightScales.count))
        return constant([Int32(channels)], type: .int32, bytes: bytes, quantization: q)
    }

    private mutating func add(_ op: BuiltinOperator, _ inputs: [Int32], _ outputs: [Int32], _ options: BuiltinOptions) {
        if !codes.contains(where: { $0.builtin == op }) { codes.append(OperatorCode(op)) }
        let index = UInt32(codes.firstIndex { $0.builtin == op }!)
        operators.append(Operator(opcodeIndex: index, inputs: inputs, outputs: outputs, options: options))
    }

    private mutating func fused() -> FusedActivation {
        [.none, .relu, .relu6, .reluN1To1].randomElement(using: &generator)!
    }

    /// A fresh model of random size: input `[1, height, width, channels]` int8, output `[1, classes]` int8
    /// probabilities.
    mutating func make() -> Model {
        make(
            height: 2 * Int32.random(in: 4...7, using: &generator),
            width: 2 * Int32.random(in: 4...6, using: &generator),
            channels: Int32.random(in: 1...3, using: &generator), classes: Int32.random(in: 2...10, using: &generator))
    }

    /// A fresh model with input `[1, height, width, channels]` (height and width even, at least 8).
    mutating func make(height: Int32, width: Int32, channels: Int32, classes: Int32) -> Model {
        let input = activation([1, height, width, channels], scale: scale(0.02...0.1), zeroPoint: 3)
        let filters: Int32 = 4
        let inScale = tensors[Int(input)].quantization!.scale[0]
        let (convWeights, convScales) = int8Weights([filters, 3, 3, channels], channels: Int(filters), dimension: 0)
        let convBias = bias(channels: Int(filters), inputScale: inScale, weightScales: convScales)
        let conv = activation([1, height / 2, width / 2, filters], scale: scale(0.05...0.2), zeroPoint: -5)
        add(
            .conv2D, [input, convWeights, convBias], [conv],
            .conv2D(Conv2DOptions(padding: .same, strideW: 2, strideH: 2, fusedActivation: fused())))

        let depth = filters * 2
        let convScale = tensors[Int(conv)].quantization!.scale[0]
        let (dwWeights, dwScales) = int8Weights([1, 3, 3, depth], channels: Int(depth), dimension: 3)
        let dwBias = bias(channels: Int(depth), inputScale: convScale, weightScales: dwScales)
        let (h, w) = (height / 2 - 2, width / 2 - 2)
        let dw = activation([1, h, w, depth], scale: scale(0.05...0.2), zeroPoint: 7)
        add(
            .depthwiseConv2D, [conv, dwWeights, dwBias], [dw],
            .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, depthMultiplier: 2, fusedActivation: fused())))

        let dwScale = tensors[Int(dw)].quantization!.scale[0]
        let maxPool = activation([1, h / 2, w / 2, depth], scale: dwScale, zeroPoint: 7)
        add(
            .maxPool2D, [dw], [maxPool],
            .pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2)))
        let avgPool = activation([1, h / 2, w / 2, depth], scale: dwScale, zeroPoint: 7)
        add(
            .averagePool2D, [dw], [avgPool],
            .pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2)))
        let sum = activation([1, h / 2, w / 2, depth], scale: scale(0.1...0.3), zeroPoint: -2)
        add(.add, [maxPool, avgPool], [sum], .add(AddOptions(fusedActivation: fused())))

        let gammaBytes = (0..<Int(depth)).map { _ in UInt8(bitPattern: Int8.random(in: -127...127, using: &generator)) }
        let gamma = constant(
            [Int32(depth)], type: .int8, bytes: gammaBytes,
            quantization: QuantizationParameters(scale: [scale(0.005...0.02)], zeroPoint: [0]))
        let product = activation([1, h / 2, w / 2, depth], scale: scale(0.01...0.05), zeroPoint: 1)
        add(.mul, [sum, gamma], [product], .mul(MulOptions(fusedActivation: .none)))

        var axes: [UInt8] = []
        for axis: Int32 in [1, 2] { withUnsafeBytes(of: axis.littleEndian) { axes += $0 } }
        let axesTensor = constant([2], type: .int32, bytes: axes, quantization: nil)
        let mean = activation([1, 1, 1, depth], scale: scale(0.01...0.05), zeroPoint: 0)
        add(.mean, [product, axesTensor], [mean], .reducer(ReducerOptions(keepDims: true)))

        var shapeBytes: [UInt8] = []
        for dimension: Int32 in [1, depth] { withUnsafeBytes(of: dimension.littleEndian) { shapeBytes += $0 } }
        let shape = constant([2], type: .int32, bytes: shapeBytes, quantization: nil)
        let flat = activation([1, depth], scale: tensors[Int(mean)].quantization!.scale[0], zeroPoint: 0)
        add(.reshape, [mean, shape], [flat], .reshape(ReshapeOptions(newShape: [1, depth])))

        let flatScale = tensors[Int(flat)].quantization!.scale[0]
        let (fcWeights, fcScales) = int8Weights([classes, depth], channels: 1, dimension: 0)
        let fcBias = bias(channels: Int(classes), inputScale: flatScale, weightScales: fcScales)
        let logits = activation([1, classes], scale: scale(0.02...0.1), zeroPoint: -10)
        add(.fullyConnected, [flat, fcWeights, fcBias], [logits], .fullyConnected(FullyConnectedOptions()))
        let probabilities = activation([1, classes], scale: 1.0 / 256, zeroPoint: -128)
        add(.softmax, [logits], [probabilities], .softmax(SoftmaxOptions(beta: 1)))

        buffers.append(Buffer(Array((0..<classes).map { "class\($0)" }.joined(separator: ",").utf8)))
        return Model(
            operatorCodes: codes,
            subgraphs: [Subgraph(tensors: tensors, inputs: [input], outputs: [probabilities], operators: operators)],
            description: "spokend test model", buffers: buffers,
            metadata: [Metadata(name: "spokend.labels", buffer: UInt32(buffers.count - 1))])
    }
}
