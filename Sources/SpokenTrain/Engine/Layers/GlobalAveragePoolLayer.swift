/// The mean over height and width per channel (TFLite's MEAN over axes 1 and 2): `h × w × c` → `1 × 1 × c`.
final class GlobalAveragePoolLayer: Layer {
    let inputShape: Shape
    var outputShape: Shape { Shape(height: 1, width: 1, channels: inputShape.channels) }

    init(input: Shape) {
        inputShape = input
    }

    func forward(_ input: [Float], batch: Int, context: inout ForwardContext) -> [Float] {
        let c = inputShape.channels
        let positions = inputShape.height * inputShape.width
        var output = [Float](repeating: 0, count: batch * c)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for n in 0..<batch {
                    sumRows(
                        x.baseAddress! + n * positions * c, into: y.baseAddress! + n * c, rows: positions, columns: c)
                }
            }
        }
        let scale = 1 / Float(positions)
        return output.map { $0 * scale }
    }

    func backward(_ outputGradient: [Float], batch: Int, context: BackwardContext) -> [Float] {
        let c = inputShape.channels
        let positions = inputShape.height * inputShape.width
        let scale = 1 / Float(positions)
        var inputGradient = [Float](repeating: 0, count: batch * positions * c)
        for n in 0..<batch {
            for position in 0..<positions {
                for channel in 0..<c {
                    inputGradient[(n * positions + position) * c + channel] = outputGradient[n * c + channel] * scale
                }
            }
        }
        return inputGradient
    }
}
