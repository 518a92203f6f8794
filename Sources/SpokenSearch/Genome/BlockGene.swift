/// One feature block of a candidate: a convolution (plain or depthwise) with batch norm and ReLU, optionally
/// wrapped in a residual connection, optionally followed by a 2×2 pooling.
///
/// A residual block keeps its input's shape (stride 1, a plain convolution's filters equal to its input channels);
/// `GenomeSpace.normalized` enforces that, so the fields below may say otherwise for a block that is residual.
public struct BlockGene: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case conv2d
        case depthwiseConv2d = "depthwise_conv2d"
    }

    public enum Pooling: String, Codable, Sendable, CaseIterable {
        case none, max, average
    }

    public var kind: Kind
    /// Output channels of a plain convolution (a depthwise one keeps its input's).
    public var filters: Int
    /// [height (frames), width (mels)].
    public var kernel: [Int]
    public var stride: [Int]
    public var pooling: Pooling
    /// The pooling window [height, width]; 2×2 unless an axis is already 1 wide.
    public var pool: [Int]
    public var residual: Bool

    public init(
        kind: Kind, filters: Int, kernel: [Int], stride: [Int] = [1, 1], pooling: Pooling = .none,
        pool: [Int] = [2, 2], residual: Bool = false
    ) {
        self.kind = kind
        self.filters = filters
        self.kernel = kernel
        self.stride = stride
        self.pooling = pooling
        self.pool = pool
        self.residual = residual
    }
}
