/// AVERAGE_POOL_2D in float: the mean of the window's positions inside the input (TFLite divides by that count,
/// not by the window size, where SAME padding cuts the window).
final class AveragePoolLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, rows: WindowAxis, columns: WindowAxis) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let y = output.zeroed(batch * outputShape.count)
        visit(batch: batch) { source, target, weight in y[target] += weight * input[source] }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let dx = inputGradient.zeroed(batch * inputShape.count)
        visit(batch: batch) { source, target, weight in dx[source] += weight * outputGradient[target] }
        return UnsafePointer(dx)
    }

    /// Calls `body(inputIndex, outputIndex, 1 / positionsInWindow)` for every pair the pool connects.
    private func visit(batch: Int, _ body: (Int, Int, Float) -> Void) {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        var index = 0
        for n in 0..<batch {
            for oy in 0..<rows.output {
                for ox in 0..<columns.output {
                    let ys = (0..<rows.kernel).map { rows.source(oy, $0) }.filter { $0 >= 0 && $0 < h }
                    let xs = (0..<columns.kernel).map { columns.source(ox, $0) }.filter { $0 >= 0 && $0 < w }
                    let weight = 1 / Float(ys.count * xs.count)
                    for iy in ys {
                        for ix in xs {
                            let base = ((n * h + iy) * w + ix) * c
                            for channel in 0..<c { body(base + channel, index + channel, weight) }
                        }
                    }
                    index += c
                }
            }
        }
    }
}
