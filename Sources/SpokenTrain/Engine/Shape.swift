/// The shape of one example's activations, NHWC without the batch axis: `height × width × channels`.
///
/// Height is time (frames), width is the mel band. A dense layer's output is `1 × 1 × units`.
struct Shape: Equatable, Sendable, CustomStringConvertible {
    var height: Int
    var width: Int
    var channels: Int

    /// Values per example.
    var count: Int { height * width * channels }

    var description: String { "\(height)×\(width)×\(channels)" }
}
