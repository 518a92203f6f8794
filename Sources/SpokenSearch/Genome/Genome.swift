import SpokenTrain

/// A candidate of the architecture search: a front end, 1–6 feature blocks, a head and 0–4 dense layers.
///
/// The searchable form of an `Architecture` (which is what gets trained, exported and recorded): each field is one
/// decision the paper's EvoNAS made, so mutation and crossover act on decisions rather than on raw layer lists.
/// Made valid by `GenomeSpace.normalized`; `architecture(seconds:)` is then an `Architecture` that validates.
public struct Genome: Codable, Sendable, Equatable, Hashable {
    /// How the feature maps reach the dense layers.
    public enum Head: String, Codable, Sendable, CaseIterable {
        /// Global average pooling over time and mels: one value per channel.
        case globalAverage = "global_average"
        /// The whole feature map, flattened.
        case flatten
    }

    public var frontEnd: FrontEndGene
    public var blocks: [BlockGene]
    public var head: Head
    /// Units of each hidden dense layer, in order (the classifier is added by the trainer).
    public var dense: [Int]

    public init(frontEnd: FrontEndGene, blocks: [BlockGene], head: Head, dense: [Int]) {
        self.frontEnd = frontEnd
        self.blocks = blocks
        self.head = head
        self.dense = dense
    }

    private enum CodingKeys: String, CodingKey {
        case frontEnd = "front_end"
        case blocks, head, dense
    }

    /// The network to train for an input of `seconds` seconds.
    public func architecture(seconds: Double) -> Architecture {
        var layers: [LayerSpec] = []
        for block in blocks {
            let kind: LayerSpec.Kind = block.kind == .conv2d ? .conv2d : .depthwiseConv2d
            let filters = block.kind == .conv2d ? block.filters : nil
            if block.residual {
                layers.append(
                    LayerSpec(kind: .residual, layers: [LayerSpec(kind: kind, filters: filters, kernel: block.kernel)]))
            } else {
                let stride = block.stride == [1, 1] ? nil : block.stride
                layers.append(LayerSpec(kind: kind, filters: filters, kernel: block.kernel, stride: stride))
            }
            switch block.pooling {
            case .none: break
            case .max: layers.append(LayerSpec(kind: .maxPool, pool: block.pool))
            case .average: layers.append(LayerSpec(kind: .averagePool, pool: block.pool))
            }
        }
        if head == .globalAverage { layers.append(LayerSpec(kind: .globalAveragePool)) }
        layers += dense.map { LayerSpec(kind: .dense, units: $0) }
        return Architecture(frontEnd: frontEnd.config(seconds: seconds), layers: layers)
    }
}
