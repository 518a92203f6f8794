/// Affine quantization of a tensor (`tflite::QuantizationParameters`): `real = scale * (q - zeroPoint)`.
///
/// One scale and zero point for the whole tensor, or one per channel along `quantizedDimension` (int8 convolution
/// weights are quantized per output channel, dimension 0; depthwise weights along dimension 3).
public struct QuantizationParameters: Equatable, Sendable {
    public var min: [Float]
    public var max: [Float]
    public var scale: [Float]
    public var zeroPoint: [Int64]
    public var quantizedDimension: Int32

    public init(
        scale: [Float], zeroPoint: [Int64], quantizedDimension: Int32 = 0, min: [Float] = [], max: [Float] = []
    ) {
        self.min = min
        self.max = max
        self.scale = scale
        self.zeroPoint = zeroPoint
        self.quantizedDimension = quantizedDimension
    }
}
