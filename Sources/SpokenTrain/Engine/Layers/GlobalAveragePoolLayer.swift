/// The mean over height and width per channel (TFLite's MEAN over axes 1 and 2): `h × w × c` → `1 × 1 × c`.
final class GlobalAveragePoolLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { Shape(height: 1, width: 1, channels: inputShape.channels) }
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape) {
        inputShape = input
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let c = inputShape.channels
        let positions = inputShape.height * inputShape.width
        let y = output.zeroed(batch * c)
        for n in 0..<batch { sumRows(input + n * positions * c, into: y + n * c, rows: positions, columns: c) }
        let scale = 1 / Float(positions)
        for index in 0..<(batch * c) { y[index] *= scale }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let c = inputShape.channels
        let positions = inputShape.height * inputShape.width
        let scale = 1 / Float(positions)
        let dx = inputGradient.reserve(batch * positions * c)
        for n in 0..<batch {
            for position in 0..<positions {
                let (row, dy) = (dx + (n * positions + position) * c, outputGradient + n * c)
                for channel in 0..<c { row[channel] = dy[channel] * scale }
            }
        }
        return UnsafePointer(dx)
    }
}
