/// What one operator costs on the device: the kernel function that runs it, its MACs and its cycles.
public struct OpCost: Equatable, Sendable, Codable {
    /// The function the device build calls for this shape, e.g. `arm_depthwise_conv_3x3_s8` or
    /// `reference_integer_ops::ConvPerChannel`.
    public var kernel: String
    /// Multiply–accumulates counted over the full window (padding included), as layer tables usually count them.
    public var macs: Int
    public var cycles: Int

    public init(kernel: String, macs: Int, cycles: Int) {
        self.kernel = kernel
        self.macs = macs
        self.cycles = cycles
    }
}
