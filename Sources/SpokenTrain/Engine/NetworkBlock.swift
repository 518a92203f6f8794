import SpokenNN

/// One layer spec as built, with the engine layers the exporter reads: what becomes one `InferenceNode` (or, for a
/// residual, its body's nodes and an ADD). Dropout builds no block: it is the identity outside training.
indirect enum NetworkBlock {
    case conv2D(Conv2DLayer, BatchNormLayer?, InferenceOp.Activation)
    case depthwiseConv2D(DepthwiseConv2DLayer, BatchNormLayer?, InferenceOp.Activation)
    case dense(DenseLayer, BatchNormLayer?, InferenceOp.Activation)
    case maxPool(InferenceOp.Window)
    case averagePool(InferenceOp.Window)
    case globalAveragePool
    case residual([NetworkBlock], InferenceOp.Activation)
}
