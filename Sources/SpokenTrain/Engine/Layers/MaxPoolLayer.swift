/// MAX_POOL_2D in float. Remembers which input won each window; the gradient goes to it alone (the first of equal
/// values, as the loop meets them). Padding positions never win (TFLite skips them).
final class MaxPoolLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    private var winners: [Int32] = []

    init(input: Shape, rows: WindowAxis, columns: WindowAxis) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        var output = [Float](repeating: -.infinity, count: batch * outputShape.count)
        winners = [Int32](repeating: 0, count: output.count)
        var index = 0
        for n in 0..<batch {
            for oy in 0..<rows.output {
                for ox in 0..<columns.output {
                    for ky in 0..<rows.kernel {
                        let iy = rows.source(oy, ky)
                        guard iy >= 0, iy < h else { continue }
                        for kx in 0..<columns.kernel {
                            let ix = columns.source(ox, kx)
                            guard ix >= 0, ix < w else { continue }
                            let base = ((n * h + iy) * w + ix) * c
                            for channel in 0..<c where input[base + channel] > output[index + channel] {
                                output[index + channel] = input[base + channel]
                                winners[index + channel] = Int32(base + channel)
                            }
                        }
                    }
                    index += c
                }
            }
        }
        return output
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        var inputGradient = [Float](repeating: 0, count: batch * inputShape.count)
        for (index, winner) in winners.enumerated() { inputGradient[Int(winner)] += outputGradient[index] }
        return inputGradient
    }
}
