import SpokenNN

/// One layer of an `Architecture`, as plain data: a kind and the fields that kind reads.
///
/// Plain on purpose: it is the genome an architecture search mutates and crosses over, so every field is a number,
/// a list of numbers or a word, and fields a kind does not use are absent (the validator rejects them by name).
/// JSON keys are snake_case; absent optional fields take the defaults below.
///
/// | kind | fields (default) |
/// | --- | --- |
/// | `conv2d` | `filters`, `kernel` [h, w], `stride` ([1, 1]), `dilation` ([1, 1]), `padding` (same), |
/// |          | `batch_norm` (true), `activation` (relu) |
/// | `depthwise_conv2d` | `kernel`, `stride`, `dilation`, `padding`, `batch_norm`, `activation` as conv2d |
/// | `dense` | `units`, `batch_norm` (false), `activation` (relu); reads the flattened input |
/// | `max_pool`, `average_pool` | `pool` [h, w], `stride` (= pool), `padding` (valid) |
/// | `global_average_pool` | — |
/// | `dropout` | `rate` (the training options' dropout) |
/// | `residual` | `layers` (a body that keeps the shape), `activation` (relu) after the sum |
///
/// Batch norm sits between a layer and its activation; a convolution or dense layer followed by one has no bias of
/// its own (the batch norm's shift replaces it; export folds both into one).
public struct LayerSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case conv2d
        case depthwiseConv2d = "depthwise_conv2d"
        case dense
        case maxPool = "max_pool"
        case averagePool = "average_pool"
        case globalAveragePool = "global_average_pool"
        case dropout
        case residual
    }

    public var kind: Kind
    public var filters: Int?
    public var units: Int?
    public var kernel: [Int]?
    public var pool: [Int]?
    public var stride: [Int]?
    public var dilation: [Int]?
    public var padding: InferenceOp.Padding?
    public var batchNorm: Bool?
    public var activation: InferenceOp.Activation?
    public var rate: Double?
    public var layers: [LayerSpec]?

    public init(
        kind: Kind, filters: Int? = nil, units: Int? = nil, kernel: [Int]? = nil, pool: [Int]? = nil,
        stride: [Int]? = nil, dilation: [Int]? = nil, padding: InferenceOp.Padding? = nil, batchNorm: Bool? = nil,
        activation: InferenceOp.Activation? = nil, rate: Double? = nil, layers: [LayerSpec]? = nil
    ) {
        self.kind = kind
        self.filters = filters
        self.units = units
        self.kernel = kernel
        self.pool = pool
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
        self.batchNorm = batchNorm
        self.activation = activation
        self.rate = rate
        self.layers = layers
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, filters, units, kernel, pool, stride, dilation, padding
        case batchNorm = "batch_norm"
        case activation, rate, layers
    }

    /// The fields `kind` reads (besides `kind`).
    static func fields(of kind: Kind) -> Set<CodingKeys> {
        switch kind {
        case .conv2d: [.filters, .kernel, .stride, .dilation, .padding, .batchNorm, .activation]
        case .depthwiseConv2d: [.kernel, .stride, .dilation, .padding, .batchNorm, .activation]
        case .dense: [.units, .batchNorm, .activation]
        case .maxPool, .averagePool: [.pool, .stride, .padding]
        case .globalAveragePool: []
        case .dropout: [.rate]
        case .residual: [.layers, .activation]
        }
    }

    /// The fields that are set, by key.
    var presentFields: Set<CodingKeys> {
        let values: [(CodingKeys, Bool)] = [
            (.filters, filters != nil), (.units, units != nil), (.kernel, kernel != nil), (.pool, pool != nil),
            (.stride, stride != nil), (.dilation, dilation != nil), (.padding, padding != nil),
            (.batchNorm, batchNorm != nil), (.activation, activation != nil), (.rate, rate != nil),
            (.layers, layers != nil),
        ]
        return Set(values.filter(\.1).map(\.0))
    }
}
