import SpokenDSP
import SpokenNN

/// Turns an `Architecture` into layers, checking every field on the way; its errors name the field by JSON path.
///
/// The only walk over a layer list: `Architecture.validate()` is a build whose result is dropped, so what validates
/// always builds.
struct NetworkBuilder {
    let architecture: Architecture
    let classes: Int
    /// The rate of dropout layers that give none.
    let dropout: Double
    private var layout = ParameterLayout()

    init(architecture: Architecture, classes: Int, dropout: Double) {
        self.architecture = architecture
        self.classes = classes
        self.dropout = dropout
    }

    /// A fresh replica. Building twice gives the same layout, so replicas share one parameter vector.
    func build() throws(TrainError) -> Network {
        var builder = self
        return try builder.buildNetwork()
    }

    private mutating func buildNetwork() throws(TrainError) -> Network {
        do {
            try architecture.frontEnd.validate()
        } catch {
            throw TrainError(.invalidArchitecture, "architecture: front_end: \(error.detail)")
        }
        guard let frames = architecture.frontEnd.frames else {
            throw TrainError(.invalidArchitecture, "architecture: front_end.frames is missing (the input's height)")
        }
        guard classes >= 1 else { throw TrainError(.invalidArchitecture, "classes must be at least 1, got \(classes)") }
        let input = Shape(height: frames, width: architecture.frontEnd.mels, channels: 1)
        var (layers, blocks) = try stack(architecture.layers, input: input, path: "layers")
        let head = DenseLayer(input: layers.last?.outputShape ?? input, units: classes, bias: true, layout: &layout)
        layers.append(head)
        blocks.append(.dense(head, nil, .none))
        return Network(
            stack: LayerStack(input: input, layers: layers), layout: layout, blocks: blocks, classes: classes)
    }

    private mutating func stack(_ specs: [LayerSpec], input: Shape, path: String) throws(TrainError) -> (
        [any Layer], [NetworkBlock]
    ) {
        var layers: [any Layer] = []
        var blocks: [NetworkBlock] = []
        var shape = input
        for (index, spec) in specs.enumerated() {
            let (built, block) = try layer(spec, input: shape, path: "\(path)[\(index)]")
            layers += built
            if let block { blocks.append(block) }
            shape = built.last?.outputShape ?? shape
        }
        return (layers, blocks)
    }

    private mutating func layer(_ spec: LayerSpec, input: Shape, path: String) throws(TrainError) -> (
        [any Layer], NetworkBlock?
    ) {
        func bad(_ key: LayerSpec.CodingKeys, _ message: String) -> TrainError {
            TrainError(.invalidArchitecture, "architecture: \(path).\(key.stringValue): \(message)")
        }
        if let stray = spec.presentFields.subtracting(LayerSpec.fields(of: spec.kind)).min(by: {
            $0.stringValue < $1.stringValue
        }) {
            throw bad(stray, "not a field of \(spec.kind.rawValue)")
        }
        func positive(_ key: LayerSpec.CodingKeys, _ value: Int?) throws(TrainError) -> Int {
            guard let value else { throw bad(key, "is missing") }
            guard (1...65_536).contains(value) else { throw bad(key, "must be in 1…65536, got \(value)") }
            return value
        }
        func pair(_ key: LayerSpec.CodingKeys, _ value: [Int]?, default fallback: [Int]?) throws(TrainError) -> [Int] {
            guard let value = value ?? fallback else { throw bad(key, "is missing") }
            guard value.count == 2, value.allSatisfy({ (1...1024).contains($0) }) else {
                throw bad(key, "must be [height, width] with each in 1…1024, got \(value)")
            }
            return value
        }
        func window(_ key: LayerSpec.CodingKeys, _ kernel: [Int], stride: [Int], dilation: [Int]) throws(TrainError)
            -> (WindowAxis, WindowAxis)
        {
            let same = (spec.padding ?? (key == .pool ? .valid : .same)) == .same
            guard
                let rows = WindowAxis(
                    input: input.height, kernel: kernel[0], stride: stride[0], dilation: dilation[0], same: same),
                let columns = WindowAxis(
                    input: input.width, kernel: kernel[1], stride: stride[1], dilation: dilation[1], same: same)
            else {
                throw bad(
                    key,
                    "a \(kernel[0])×\(kernel[1]) window (dilation \(dilation)) is larger than the \(input) input "
                        + "with valid padding"
                )
            }
            return (rows, columns)
        }
        /// A batch norm takes the activation in; without one, the activation is a layer of its own.
        func normalizeAndActivate(_ output: Shape, _ batchNorm: Bool) -> ([any Layer], BatchNormLayer?) {
            let ceiling = Self.ceiling(spec.activation ?? .relu)
            guard batchNorm else { return (ceiling.map { [ActivationLayer(input: output, ceiling: $0)] } ?? [], nil) }
            let norm = BatchNormLayer(input: output, layout: &layout, ceiling: ceiling)
            return ([norm], norm)
        }

        switch spec.kind {
        case .conv2d, .depthwiseConv2d:
            let kernel = try pair(.kernel, spec.kernel, default: nil)
            let (rows, columns) = try window(
                .kernel, kernel, stride: try pair(.stride, spec.stride, default: [1, 1]),
                dilation: try pair(.dilation, spec.dilation, default: [1, 1]))
            let batchNorm = spec.batchNorm ?? true
            let activation = spec.activation ?? .relu
            if spec.kind == .conv2d {
                let conv = Conv2DLayer(
                    input: input, filters: try positive(.filters, spec.filters), rows: rows, columns: columns,
                    bias: !batchNorm, layout: &layout)
                let (rest, norm) = normalizeAndActivate(conv.outputShape, batchNorm)
                return ([conv] + rest, .conv2D(conv, norm, activation))
            }
            let conv = DepthwiseConv2DLayer(
                input: input, rows: rows, columns: columns, bias: !batchNorm, layout: &layout)
            let (rest, norm) = normalizeAndActivate(conv.outputShape, batchNorm)
            return ([conv] + rest, .depthwiseConv2D(conv, norm, activation))
        case .dense:
            let batchNorm = spec.batchNorm ?? false
            let dense = DenseLayer(
                input: input, units: try positive(.units, spec.units), bias: !batchNorm, layout: &layout)
            let (rest, norm) = normalizeAndActivate(dense.outputShape, batchNorm)
            return ([dense] + rest, .dense(dense, norm, spec.activation ?? .relu))
        case .maxPool, .averagePool:
            let pool = try pair(.pool, spec.pool, default: nil)
            let stride = try pair(.stride, spec.stride, default: pool)
            let (rows, columns) = try window(.pool, pool, stride: stride, dilation: [1, 1])
            let exported = InferenceOp.Window(
                height: pool[0], width: pool[1], strideHeight: stride[0], strideWidth: stride[1],
                padding: spec.padding ?? .valid)
            if spec.kind == .maxPool {
                return ([MaxPoolLayer(input: input, rows: rows, columns: columns)], .maxPool(exported))
            }
            return ([AveragePoolLayer(input: input, rows: rows, columns: columns)], .averagePool(exported))
        case .globalAveragePool:
            return ([GlobalAveragePoolLayer(input: input)], .globalAveragePool)
        case .dropout:
            let rate = spec.rate ?? dropout
            guard rate >= 0, rate < 1 else { throw bad(.rate, "must be in [0, 1), got \(rate)") }
            return ([DropoutLayer(input: input, rate: Float(rate))], nil)
        case .residual:
            guard let body = spec.layers, !body.isEmpty else { throw bad(.layers, "must hold at least one layer") }
            let (layers, blocks) = try stack(body, input: input, path: "\(path).layers")
            let output = layers.last?.outputShape ?? input
            guard output == input else {
                throw bad(.layers, "the body turns the \(input) input into \(output); a residual must keep the shape")
            }
            var result: [any Layer] = [ResidualLayer(body: LayerStack(input: input, layers: layers))]
            let activation = spec.activation ?? .relu
            if let ceiling = Self.ceiling(activation) { result.append(ActivationLayer(input: input, ceiling: ceiling)) }
            return (result, .residual(blocks, activation))
        }
    }

    /// An activation's upper clamp (infinity for ReLU), or nil for none.
    private static func ceiling(_ activation: InferenceOp.Activation) -> Float? {
        switch activation {
        case .none: nil
        case .relu: .infinity
        case .relu6: 6
        }
    }
}
