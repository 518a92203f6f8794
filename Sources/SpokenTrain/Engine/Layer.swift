import SpokenDSP

/// One differentiable step of a network replica: forward over a batch, then backward with the gradient of the loss
/// with respect to its output.
///
/// Activations are NHWC batches, `[batch, height, width, channels]`, contiguous, passed as pointers into buffers the
/// producing layer owns (`LayerBuffer`): a layer's output stays valid until its next forward pass, its input gradient
/// until its next backward pass. So a layer keeps what its backward pass needs from the last forward pass (its input,
/// its output) as pointers, not copies, and each data-parallel shard has its own layer objects. Trainable values are
/// not kept in the layer: they live in the network's flat parameter vector (shared read-only by all shards during a
/// step) at offsets fixed when the network is built, and gradients go to the shard's own vector of the same layout.
protocol Layer: AnyObject {
    var inputShape: Shape { get }
    var outputShape: Shape { get }
    /// `input` holds `batch` examples and must stay unchanged until the backward pass that follows.
    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float>
    /// Adds the parameter gradients to `context.gradients` and returns the gradient with respect to the input, or
    /// nil when `context.needsInputGradient` is false (the network's first layer: nothing consumes it).
    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
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
    /// Whether the caller uses the gradient with respect to the layer's input. The network's first layer is called
    /// with false: its input is the features, and for a convolution that gradient is a product and a col2im.
    var needsInputGradient = true
    /// Whether the layer may overwrite the output gradient it is given: true when that buffer belongs to the layer
    /// above it in the same stack, which is done with it, and nothing else reads it again. A layer that computes its
    /// input gradient element by element (batch norm) then writes it there, to lines already in cache.
    var outputGradientIsScratch = false
}
