import SpokenNN

/// The MLPerf Tiny KWS DS-CNN layer by layer, on paper: the shapes the cycle anchor is about.
///
/// Conv 64 × (10×4) stride 2 SAME on the 49×10×1 MFCC, four depthwise-separable blocks (3×3 depthwise SAME, 1×1
/// conv 64), average pool 25×5, reshape, dense 12, softmax (MLPerf Tiny `training/keyword_spotting/keras_model.py`).
enum DSCNNWorkloads {
    static let layers: [OpWorkload] = {
        var layers = [
            OpWorkload(
                op: .conv2D, inputShape: [1, 49, 10, 1], filterShape: [64, 10, 4, 1], outputShape: [1, 25, 5, 64],
                window: ConvWindow(
                    padding: .same, input: (49, 10), kernelHeight: 10, kernelWidth: 4,
                    strideHeight: 2, strideWidth: 2))
        ]
        for _ in 0..<4 {
            layers.append(
                OpWorkload(
                    op: .depthwiseConv2D, inputShape: [1, 25, 5, 64], filterShape: [1, 3, 3, 64],
                    outputShape: [1, 25, 5, 64],
                    window: ConvWindow(
                        padding: .same, input: (25, 5), kernelHeight: 3, kernelWidth: 3,
                        strideHeight: 1, strideWidth: 1)))
            layers.append(
                OpWorkload(
                    op: .conv2D, inputShape: [1, 25, 5, 64], filterShape: [64, 1, 1, 64], outputShape: [1, 25, 5, 64],
                    window: ConvWindow(kernelHeight: 1, kernelWidth: 1)))
        }
        layers.append(
            OpWorkload(
                op: .averagePool2D, inputShape: [1, 25, 5, 64], outputShape: [1, 1, 1, 64],
                window: ConvWindow(kernelHeight: 25, kernelWidth: 5, strideHeight: 25, strideWidth: 5)))
        layers.append(OpWorkload(op: .reshape, inputShape: [1, 1, 1, 64], outputShape: [1, 64]))
        layers.append(
            OpWorkload(op: .fullyConnected, inputShape: [1, 64], filterShape: [12, 64], outputShape: [1, 12]))
        layers.append(OpWorkload(op: .softmax, inputShape: [1, 12], outputShape: [1, 12]))
        return layers
    }()
}
