import SpokenDSP

/// One differentiable step of a network replica: forward over a batch, then backward with the gradient of the loss
/// with respect to its output.
///
/// A layer keeps what its backward pass needs from the last forward pass (its input, a mask, the im2col matrix), so
/// each data-parallel shard has its own layer objects. Trainable values are not kept in the layer: they live in the
/// network's flat parameter vector (shared read-only by all shards during a step) at offsets fixed when the network
/// is built, and gradients go to the shard's own vector of the same layout. Activations are NHWC batches,
/// `[batch, height, width, channels]`, contiguous.
protocol Layer: AnyObject {
    var inputShape: Shape { get }
    var outputShape: Shape { get }
    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float]
    /// Adds the parameter gradients to `context.gradients` and returns the gradient with respect to the input.
    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float]
}

/// What a forward pass reads and writes besides activations.
struct ForwardContext {
    /// The whole parameter vector.
    var parameters: UnsafePointer<Float>
    /// The non-trained state (batch norms' running mean and variance), read in evaluation mode.
    var state: UnsafePointer<Float>
    /// In training mode, where batch norms write this batch's mean and variance (same layout as `state`); the
    /// trainer folds them into the running statistics after the step.
    var statistics: UnsafeMutablePointer<Float>?
    /// Dropout's masks; seeded per step and shard, so a run is reproducible and resumable.
    var random: SplitMix64

    var training: Bool { statistics != nil }
}

/// What a backward pass reads and writes besides activation gradients.
struct BackwardContext {
    var parameters: UnsafePointer<Float>
    /// Gradients, same layout as the parameters; layers add to them.
    var gradients: UnsafeMutablePointer<Float>
}
