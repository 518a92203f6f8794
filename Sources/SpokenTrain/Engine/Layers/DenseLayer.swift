/// FULLY_CONNECTED in float over the flattened NHWC input (the order TFLite's RESHAPE keeps), one `sgemm` per pass.
///
/// Weights are `[units][inputs]`, TFLite's layout.
final class DenseLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let weightOffset: Int
    let biasOffset: Int?
    private var input: UnsafePointer<Float>?
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, units: Int, bias: Bool, layout: inout ParameterLayout) {
        inputShape = input
        outputShape = Shape(height: 1, width: 1, channels: units)
        weightOffset = layout.parameters(
            units * input.count, decay: true, initial: .glorotUniform(fanIn: input.count, fanOut: units))
        biasOffset = bias ? layout.parameters(units, decay: false, initial: .zeros) : nil
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        self.input = input
        let units = outputShape.channels
        let y = output.reserve(batch * units)
        GEMM.multiply(
            input, context.parameters + weightOffset, transposeB: true, into: y, m: batch, n: units,
            k: inputShape.count)
        if let biasOffset { addBias(context.parameters + biasOffset, to: y, rows: batch, columns: units) }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let units = outputShape.channels
        GEMM.multiply(
            outputGradient, transposeA: true, input!, into: context.gradients + weightOffset, m: units,
            n: inputShape.count, k: batch, beta: 1)
        if let biasOffset {
            sumRows(outputGradient, into: context.gradients + biasOffset, rows: batch, columns: units)
        }
        guard context.needsInputGradient else { return nil }
        let dx = inputGradient.reserve(batch * inputShape.count)
        GEMM.multiply(
            outputGradient, context.parameters + weightOffset, into: dx, m: batch, n: inputShape.count, k: units)
        return UnsafePointer(dx)
    }
}
