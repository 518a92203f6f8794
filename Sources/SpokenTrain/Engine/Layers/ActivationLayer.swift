/// ReLU or ReLU6 on its own (the exporter fuses it into the op before it). Keeps its output: the gradient passes
/// where the output is strictly inside the linear range.
final class ActivationLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    /// The upper clamp: 6 for ReLU6, infinity for ReLU.
    let ceiling: Float
    private var output: [Float] = []

    init(input: Shape, ceiling: Float) {
        inputShape = input
        self.ceiling = ceiling
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        let ceiling = ceiling
        let output = input.withUnsafeBufferPointer { x in
            [Float](uninitializedCount: x.count) { y in
                for index in y.indices { y[index] = min(max(x[index], 0), ceiling) }
            }
        }
        self.output = output
        return output
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        let ceiling = ceiling
        return output.withUnsafeBufferPointer { y in
            outputGradient.withUnsafeBufferPointer { dy in
                [Float](uninitializedCount: dy.count) { dx in
                    for index in dx.indices { dx[index] = y[index] > 0 && y[index] < ceiling ? dy[index] : 0 }
                }
            }
        }
    }
}
