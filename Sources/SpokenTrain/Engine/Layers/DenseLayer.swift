/// FULLY_CONNECTED in float over the flattened NHWC input (the order TFLite's RESHAPE keeps), one `sgemm` per pass.
///
/// Weights are `[units][inputs]`, TFLite's layout.
final class DenseLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let weightOffset: Int
    let biasOffset: Int?
    private var input: [Float] = []

    init(input: Shape, units: Int, bias: Bool, layout: inout ParameterLayout) {
        inputShape = input
        outputShape = Shape(height: 1, width: 1, channels: units)
        weightOffset = layout.parameters(
            units * input.count, decay: true, initial: .glorotUniform(fanIn: input.count, fanOut: units))
        biasOffset = bias ? layout.parameters(units, decay: false, initial: .zeros) : nil
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        self.input = input
        let units = outputShape.channels
        return input.withUnsafeBufferPointer { x in
            [Float](uninitializedCount: batch * units) { y in
                GEMM.multiply(
                    x.baseAddress!, context.parameters + weightOffset, transposeB: true, into: y.baseAddress!,
                    m: batch, n: units, k: inputShape.count)
                if let biasOffset {
                    addBias(context.parameters + biasOffset, to: y.baseAddress!, rows: batch, columns: units)
                }
            }
        }
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        let units = outputShape.channels
        return outputGradient.withUnsafeBufferPointer { dy in
            input.withUnsafeBufferPointer { x in
                GEMM.multiply(
                    dy.baseAddress!, transposeA: true, x.baseAddress!, into: context.gradients + weightOffset,
                    m: units, n: inputShape.count, k: batch, beta: 1)
            }
            if let biasOffset {
                sumRows(dy.baseAddress!, into: context.gradients + biasOffset, rows: batch, columns: units)
            }
            return [Float](uninitializedCount: batch * inputShape.count) { dx in
                GEMM.multiply(
                    dy.baseAddress!, context.parameters + weightOffset, into: dx.baseAddress!, m: batch,
                    n: inputShape.count, k: units)
            }
        }
    }
}
