import SpokenNN
import SpokenRecognition

/// Post-training int8 quantization of an `InferenceGraph` and its export as a standard `.tflite` file, as TFLite's
/// converter does it with a representative dataset:
///
/// - weights: per-channel symmetric int8 (CONV_2D and FULLY_CONNECTED along output channels, DEPTHWISE_CONV_2D
///   along its last axis), zero points 0, values in −127…127;
/// - biases: int32 with scale input scale × weight scale per channel;
/// - activations: per-tensor asymmetric int8 from the calibrated float ranges (`Calibration`), fused ReLU/ReLU6
///   included in the range; the input from the calibration features' own range;
/// - pooling and RESHAPE keep their input's scale and zero point (TFLM's int8 pools require it); SOFTMAX's output is
///   scale 1/256, zero point −128;
/// - a one-channel convolution whose kernel spans the input's width (a full-mel first layer) becomes RESHAPE to
///   `[h, 1, w]` and a `kernelHeight × 1` convolution over `w` channels, bit-identical and cheaper on CMSIS-NN;
/// - global average pooling is MEAN over height and width, flatten is RESHAPE to `[1, n]`, dense layers take a
///   4-D input as it is (FULLY_CONNECTED flattens it).
///
/// The model is written by SpokenNN's `ModelWriter` with spokend's three metadata entries, so TFLite, tflite-micro
/// and spokend's own interpreter load the same file.
public struct Int8Exporter: Sendable {
    public let reference: FloatReference
    public let calibration: Calibration

    public init(reference: FloatReference, calibration: Calibration) {
        self.reference = reference
        self.calibration = calibration
    }

    /// Checks `graph` and calibrates it on `features` (a few hundred training examples are plenty).
    public init(graph: InferenceGraph, calibrationFeatures features: LabeledFeatures) throws(TrainError) {
        let reference = try FloatReference(graph: graph)
        self.init(reference: reference, calibration: try Calibration(reference: reference, features: features))
    }

    /// The `.tflite` file's bytes.
    public func write(metadata: ModelMetadata) throws(TrainError) -> [UInt8] {
        let model = try model(metadata: metadata)
        do {
            return try ModelWriter.write(model)
        } catch {
            throw TrainError(.export, "cannot write the model: \(error)")
        }
    }

    /// The int8 model with `metadata` attached; its front end must give the graph's input shape and its labels
    /// one per output.
    public func model(metadata: ModelMetadata) throws(TrainError) -> Model {
        let graph = reference.graph
        let shapes = reference.shapes
        let (frames, mels) = (graph.inputShape[0], graph.inputShape[1])
        guard metadata.frontEnd.frames == frames, metadata.frontEnd.mels == mels, graph.inputShape[2] == 1 else {
            throw TrainError(
                .export,
                "the front end gives \(metadata.frontEnd.frames.map(String.init) ?? "no fixed") frames × "
                    + "\(metadata.frontEnd.mels) mels, the graph takes \(graph.inputShape)")
        }
        guard let outputShape = shapes.last, outputShape == [metadata.labels.count] else {
            throw TrainError(
                .export, "the graph gives \(shapes.last ?? []) outputs for \(metadata.labels.count) labels")
        }

        var assembly = ModelAssembly()
        let inputQuantization = AffineQuantization.activation(calibration.input)
        let input = assembly.activation([1, frames, mels, 1], inputQuantization, name: "features")
        var tensors: [Int32] = []
        var quantizations: [AffineQuantization] = []
        for (index, node) in graph.nodes.enumerated() {
            func operand(_ position: Int) -> (tensor: Int32, quantization: AffineQuantization, shape: [Int]) {
                switch node.inputs[position] {
                case .input: return (input, inputQuantization, [frames, mels, 1])
                case .node(let i): return (tensors[i], quantizations[i], shapes[i])
                }
            }
            var x = operand(0)
            let name = "\(index)_\(node.op.name)"
            let shape = shapes[index]
            let tensorShape = [1] + shape
            var quantization = AffineQuantization.activation(calibration.nodes[index])
            let output: Int32
            switch node.op {
            case .conv2D(var c), .depthwiseConv2D(var c):
                var depthwise = false
                if case .depthwiseConv2D = node.op { depthwise = true }
                if !depthwise && Self.spansWidthOnOneChannel(c, input: x.shape) {
                    // Same products and sums, but CMSIS-NN's im2col copies one run of `width` channels per tap
                    // instead of `width` runs of one channel: a third of a full-mel first layer's cycles.
                    x = Self.reshape(
                        x, to: [x.shape[0], 1, x.shape[1]], into: &assembly, name: "\(name)_mels_as_channels")
                    (c.kernelWidth, c.strideWidth, c.dilationWidth) = (1, 1, 1)
                }
                let perFilter = c.kernelHeight * c.kernelWidth * (depthwise ? 1 : x.shape[2])
                let weights =
                    depthwise
                    ? AffineQuantization.weights(c.weights, channels: c.outChannels, perChannel: perFilter) {
                        $1 * c.outChannels + $0
                    }
                    : AffineQuantization.weights(c.weights, channels: c.outChannels, perChannel: perFilter) {
                        $0 * perFilter + $1
                    }
                let filterShape =
                    depthwise
                    ? [1, c.kernelHeight, c.kernelWidth, c.outChannels]
                    : [c.outChannels, c.kernelHeight, c.kernelWidth, x.shape[2]]
                let (filter, bias) = Self.constants(
                    &assembly, weights: weights, bias: c.bias, inputScale: x.quantization.scale, shape: filterShape,
                    dimension: depthwise ? 3 : 0, name: name)
                output = assembly.activation(tensorShape, quantization, name: name)
                let padding: Padding = c.padding == .same ? .same : .valid
                let activation = Self.fused(c.activation)
                if depthwise {
                    assembly.add(
                        .depthwiseConv2D, version: 3, inputs: [x.tensor, filter, bias], outputs: [output],
                        options: .depthwiseConv2D(
                            DepthwiseConv2DOptions(
                                padding: padding, strideW: Int32(c.strideWidth), strideH: Int32(c.strideHeight),
                                depthMultiplier: 1, fusedActivation: activation, dilationW: Int32(c.dilationWidth),
                                dilationH: Int32(c.dilationHeight))))
                } else {
                    assembly.add(
                        .conv2D, version: 3, inputs: [x.tensor, filter, bias], outputs: [output],
                        options: .conv2D(
                            Conv2DOptions(
                                padding: padding, strideW: Int32(c.strideWidth), strideH: Int32(c.strideHeight),
                                fusedActivation: activation, dilationW: Int32(c.dilationWidth),
                                dilationH: Int32(c.dilationHeight))))
                }
            case .dense(let weights, let bias, let outputs, let activation):
                let depth = x.shape.reduce(1, *)
                let quantized = AffineQuantization.weights(weights, channels: outputs, perChannel: depth) {
                    $0 * depth + $1
                }
                let (filter, biasTensor) = Self.constants(
                    &assembly, weights: quantized, bias: bias, inputScale: x.quantization.scale,
                    shape: [outputs, depth], dimension: 0, name: name)
                output = assembly.activation(tensorShape, quantization, name: name)
                assembly.add(
                    .fullyConnected, version: 4, inputs: [x.tensor, filter, biasTensor], outputs: [output],
                    options: .fullyConnected(FullyConnectedOptions(fusedActivation: Self.fused(activation))))
            case .maxPool(let w), .averagePool(let w):
                quantization = x.quantization
                output = assembly.activation(tensorShape, quantization, name: name)
                var average = false
                if case .averagePool = node.op { average = true }
                assembly.add(
                    average ? .averagePool2D : .maxPool2D, version: 2, inputs: [x.tensor], outputs: [output],
                    options: .pool2D(
                        Pool2DOptions(
                            padding: w.padding == .same ? .same : .valid, strideW: Int32(w.strideWidth),
                            strideH: Int32(w.strideHeight), filterWidth: Int32(w.width),
                            filterHeight: Int32(w.height))))
            case .globalAveragePool:
                let axes = assembly.constant([Int32(1), 2], shape: [2], type: .int32, name: "\(name)_axes")
                output = assembly.activation(tensorShape, quantization, name: name)
                assembly.add(
                    .mean, version: 2, inputs: [x.tensor, axes], outputs: [output],
                    options: .reducer(ReducerOptions(keepDims: false)))
            case .flatten:
                quantization = x.quantization
                output = Self.reshape(x, to: shape, into: &assembly, name: name).tensor
            case .add(let activation):
                output = assembly.activation(tensorShape, quantization, name: name)
                assembly.add(
                    .add, version: 2, inputs: [x.tensor, operand(1).tensor], outputs: [output],
                    options: .add(AddOptions(fusedActivation: Self.fused(activation))))
            case .softmax:
                quantization = AffineQuantization(scale: 1.0 / 256, zeroPoint: -128)
                output = assembly.activation(tensorShape, quantization, name: name)
                assembly.add(
                    .softmax, version: 2, inputs: [x.tensor], outputs: [output],
                    options: .softmax(SoftmaxOptions(beta: 1)))
            }
            tensors.append(output)
            quantizations.append(quantization)
        }
        let model = assembly.model(input: input, output: tensors[tensors.count - 1], description: "spokend int8 export")
        return metadata.attached(to: model)
    }

    /// Whether `conv` on an input of `shape` (`[h, w, c]`) is a one-channel convolution whose kernel spans the
    /// whole width with no padding across it (VALID, or SAME with a stride of at least the width: one output column)
    /// — a full-mel first layer. It then equals a `kernelHeight × 1` convolution over the input reshaped to
    /// `[h, 1, w]` with the same OHWI weights, since `[o][kh][w][1]` and `[o][kh][1][w]` are the same bytes.
    private static func spansWidthOnOneChannel(_ conv: InferenceOp.Convolution, input shape: [Int]) -> Bool {
        shape[2] == 1 && shape[1] > 1 && conv.kernelWidth == shape[1] && conv.dilationWidth == 1
            && (conv.padding == .valid || conv.strideWidth >= shape[1])
    }

    /// A RESHAPE of `x` to `shape` (without the batch axis), keeping its quantization as TFLite's RESHAPE does.
    private static func reshape(
        _ x: (tensor: Int32, quantization: AffineQuantization, shape: [Int]), to shape: [Int],
        into assembly: inout ModelAssembly, name: String
    ) -> (tensor: Int32, quantization: AffineQuantization, shape: [Int]) {
        let newShape = ([1] + shape).map { Int32($0) }
        let shapeTensor = assembly.constant(newShape, shape: [newShape.count], type: .int32, name: "\(name)_shape")
        let output = assembly.activation([1] + shape, x.quantization, name: name)
        assembly.add(
            .reshape, version: 1, inputs: [x.tensor, shapeTensor], outputs: [output],
            options: .reshape(ReshapeOptions(newShape: newShape)))
        return (output, x.quantization, shape)
    }

    /// The int8 filter and int32 bias tensors of a convolution or dense layer.
    private static func constants(
        _ assembly: inout ModelAssembly, weights: (values: [Int8], scales: [Float]), bias: [Float],
        inputScale: Float, shape: [Int], dimension: Int32, name: String
    ) -> (filter: Int32, bias: Int32) {
        let zeros = [Int64](repeating: 0, count: weights.scales.count)
        let filter = assembly.constant(
            weights.values, shape: shape, type: .int8, name: "\(name)_weights",
            quantization: QuantizationParameters(scale: weights.scales, zeroPoint: zeros, quantizedDimension: dimension)
        )
        let quantizedBias = AffineQuantization.bias(bias, inputScale: inputScale, weightScales: weights.scales)
        let biasTensor = assembly.constant(
            quantizedBias.values, shape: [bias.count], type: .int32, name: "\(name)_bias",
            quantization: QuantizationParameters(scale: quantizedBias.scales, zeroPoint: zeros))
        return (filter, biasTensor)
    }

    private static func fused(_ activation: InferenceOp.Activation) -> FusedActivation {
        switch activation {
        case .none: .none
        case .relu: .relu
        case .relu6: .relu6
        }
    }
}
