import SpokenNN

extension Trainer {
    /// The trained network in inference form: batch norms folded into the convolution or dense layer before them
    /// (`w' = w·γ/√(σ² + ε)`, `b' = (b − μ)·γ/√(σ² + ε) + β`, per output channel), activations fused, dropout gone,
    /// and a SOFTMAX at the end, so its outputs are the probabilities `predict` gives.
    public func inferenceGraph() -> InferenceGraph {
        var nodes: [InferenceNode] = []
        let network = replicas[0]
        var source = InferenceNode.Source.input
        for block in network.blocks { source = emit(block, from: source, into: &nodes) }
        nodes.append(InferenceNode(op: .softmax, inputs: [source]))
        return InferenceGraph(inputShape: architecture.inputShape, nodes: nodes)
    }

    private func emit(_ block: NetworkBlock, from source: InferenceNode.Source, into nodes: inout [InferenceNode])
        -> InferenceNode.Source
    {
        func append(_ op: InferenceOp, _ inputs: [InferenceNode.Source]) -> InferenceNode.Source {
            nodes.append(InferenceNode(op: op, inputs: inputs))
            return .node(nodes.count - 1)
        }
        func convolution(
            weightOffset: Int, biasOffset: Int?, count: Int, channels: Int, perChannelStride: Int, rows: WindowAxis,
            columns: WindowAxis, norm: BatchNormLayer?, activation: InferenceOp.Activation
        ) -> InferenceOp.Convolution {
            let (weights, bias) = folded(
                weightOffset: weightOffset, biasOffset: biasOffset, count: count, channels: channels,
                channelOf: { $0 / perChannelStride % channels }, norm: norm)
            return InferenceOp.Convolution(
                weights: weights, bias: bias, outChannels: channels, kernelHeight: rows.kernel,
                kernelWidth: columns.kernel, strideHeight: rows.stride, strideWidth: columns.stride,
                dilationHeight: rows.dilation, dilationWidth: columns.dilation, padding: rows.padding,
                activation: activation)
        }
        switch block {
        case .conv2D(let layer, let norm, let activation):
            let filters = layer.outputShape.channels
            return append(
                .conv2D(
                    convolution(
                        weightOffset: layer.weightOffset, biasOffset: layer.biasOffset,
                        count: filters * layer.patchSize, channels: filters, perChannelStride: layer.patchSize,
                        rows: layer.rows, columns: layer.columns, norm: norm, activation: activation)), [source])
        case .depthwiseConv2D(let layer, let norm, let activation):
            let channels = layer.outputShape.channels
            return append(
                .depthwiseConv2D(
                    convolution(
                        weightOffset: layer.weightOffset, biasOffset: layer.biasOffset,
                        count: layer.rows.kernel * layer.columns.kernel * channels, channels: channels,
                        perChannelStride: 1, rows: layer.rows, columns: layer.columns, norm: norm,
                        activation: activation)), [source])
        case .dense(let layer, let norm, let activation):
            let units = layer.outputShape.channels
            let inputs = layer.inputShape.count
            let (weights, bias) = folded(
                weightOffset: layer.weightOffset, biasOffset: layer.biasOffset, count: units * inputs,
                channels: units, channelOf: { $0 / inputs }, norm: norm)
            return append(.dense(weights: weights, bias: bias, outputs: units, activation: activation), [source])
        case .maxPool(let window): return append(.maxPool(window), [source])
        case .averagePool(let window): return append(.averagePool(window), [source])
        case .globalAveragePool: return append(.globalAveragePool, [source])
        case .residual(let body, let activation):
            var output = source
            for inner in body { output = emit(inner, from: output, into: &nodes) }
            return append(.add(activation: activation), [output, source])
        }
    }

    /// A layer's weights and bias with its batch norm (if any) folded in; `channelOf` maps a weight index to its
    /// output channel.
    private func folded(
        weightOffset: Int, biasOffset: Int?, count: Int, channels: Int, channelOf: (Int) -> Int,
        norm: BatchNormLayer?
    ) -> ([Float], [Float]) {
        var weights = Array(parameters[weightOffset..<(weightOffset + count)])
        var bias = biasOffset.map { Array(parameters[$0..<($0 + channels)]) } ?? [Float](repeating: 0, count: channels)
        guard let norm else { return (weights, bias) }
        let gamma = parameters[norm.parameterOffset..<(norm.parameterOffset + channels)]
        let beta = parameters[(norm.parameterOffset + channels)..<(norm.parameterOffset + 2 * channels)]
        let mean = state[norm.stateOffset..<(norm.stateOffset + channels)]
        let variance = state[(norm.stateOffset + channels)..<(norm.stateOffset + 2 * channels)]
        let scale = (0..<channels).map {
            gamma[gamma.startIndex + $0] / (variance[variance.startIndex + $0] + BatchNormLayer.epsilon).squareRoot()
        }
        for index in weights.indices { weights[index] *= scale[channelOf(index)] }
        for j in 0..<channels {
            bias[j] = (bias[j] - mean[mean.startIndex + j]) * scale[j] + beta[beta.startIndex + j]
        }
        return (weights, bias)
    }
}
