/// Everything AVERAGE_POOL_2D and MAX_POOL_2D need at evaluation: TFLM's `PoolParams` (window, strides, padding
/// from `ComputePaddingHeightWidth`, the fused-activation clamp) and the NHWC shapes. Pooling does not requantize:
/// TFLM requires the input and output quantization to be equal.
public struct PoolParameters: Equatable, Sendable {
    public var batches: Int
    public var inputHeight: Int
    public var inputWidth: Int
    public var depth: Int
    public var filterHeight: Int
    public var filterWidth: Int
    public var outputHeight: Int
    public var outputWidth: Int
    public var strideHeight: Int
    public var strideWidth: Int
    public var padTop: Int
    public var padLeft: Int
    public var activation: ActivationRange

    public init(
        batches: Int, inputHeight: Int, inputWidth: Int, depth: Int, filterHeight: Int, filterWidth: Int,
        outputHeight: Int, outputWidth: Int, strideHeight: Int, strideWidth: Int, padTop: Int, padLeft: Int,
        activation: ActivationRange
    ) {
        self.batches = batches
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.depth = depth
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.outputHeight = outputHeight
        self.outputWidth = outputWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padTop = padTop
        self.padLeft = padLeft
        self.activation = activation
    }

    /// Parameters from the NHWC input shape and the operator's options; `outputScale`/`outputZeroPoint` give the
    /// activation clamp.
    public init(
        inputShape: [Int], filterHeight: Int, filterWidth: Int, strideHeight: Int, strideWidth: Int,
        padding: Padding, activation: FusedActivation, outputScale: Float, outputZeroPoint: Int32
    ) throws(ModelError) {
        guard inputShape.count == 4 else {
            throw ModelError(.malformed, "pooling input must be NHWC, got shape \(inputShape)")
        }
        guard filterHeight > 0, filterWidth > 0, strideHeight > 0, strideWidth > 0 else {
            throw ModelError(.malformed, "pooling window and strides must be positive")
        }
        guard let range = ActivationRange(activation, scale: outputScale, zeroPoint: outputZeroPoint) else {
            throw ModelError(.unsupportedOp, "fused activation \(activation) on an int8 pooling")
        }
        let window = WindowPadding(
            padding: padding, inputHeight: inputShape[1], inputWidth: inputShape[2], filterHeight: filterHeight,
            filterWidth: filterWidth, strideHeight: strideHeight, strideWidth: strideWidth)
        try window.requireOutput("pooling")
        self.init(
            batches: inputShape[0], inputHeight: inputShape[1], inputWidth: inputShape[2], depth: inputShape[3],
            filterHeight: filterHeight, filterWidth: filterWidth, outputHeight: window.outputHeight,
            outputWidth: window.outputWidth, strideHeight: strideHeight, strideWidth: strideWidth,
            padTop: window.top, padLeft: window.left, activation: range)
    }

    public var inputCount: Int { batches * inputHeight * inputWidth * depth }
    public var outputCount: Int { batches * outputHeight * outputWidth * depth }

    /// The window of output pixel (`outY`, `outX`) clamped to the image, as TFLM's `filter_{x,y}_{start,end}`, in
    /// input coordinates.
    @inline(__always)
    func window(_ outY: Int, _ outX: Int) -> (y: Range<Int>, x: Range<Int>) {
        let originY = outY * strideHeight - padTop
        let originX = outX * strideWidth - padLeft
        let y = max(0, originY)..<min(inputHeight, originY + filterHeight)
        let x = max(0, originX)..<min(inputWidth, originX + filterWidth)
        return (y, x)
    }
}
