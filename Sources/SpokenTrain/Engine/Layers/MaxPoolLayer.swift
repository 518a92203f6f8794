/// MAX_POOL_2D in float. Remembers which input won each window; the gradient goes to it alone (the first of equal
/// values, in the loop's order). Padding positions never win (TFLite skips them).
final class MaxPoolLayer: Layer {
    let inputShape: Shape
    let outputShape: Shape
    let rows: WindowAxis
    let columns: WindowAxis
    private static let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    /// Per output value, the index of the input value that won its window.
    private var winners: [Int32] = []
    private let walk: WindowWalk
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, rows: WindowAxis, columns: WindowAxis) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
        walk = WindowWalk(height: input.height, width: input.width, rows: rows, columns: columns)
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let c = inputShape.channels
        let count = batch * outputShape.count
        if winners.count != count { winners = [Int32](repeating: 0, count: count) }
        let y = output.reserve(count)
        y.update(repeating: -.infinity, count: count)
        winners.withUnsafeMutableBufferPointer { winners in
            walk.forEachWindow(batch: batch) { pixel, taps in
                for row in taps.rows {
                    for column in taps.columns {
                        let source = taps.base &+ row.pixel &+ column.pixel
                        let from = UnsafeRawPointer(input + source * c)
                        let to = UnsafeMutableRawPointer(y + pixel * c)
                        let won = UnsafeMutableRawPointer(winners.baseAddress! + pixel * c)
                        let first = Int32(truncatingIfNeeded: source * c)
                        var channel = 0
                        // Eight channels at a time (LLVM does not vectorize the select loop itself), then the rest.
                        while channel + 8 <= c {
                            let offset = channel * 4
                            let value = from.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                            var best = to.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                            var index = won.loadUnaligned(fromByteOffset: offset, as: SIMD8<Int32>.self)
                            let better = value .> best
                            best.replace(with: value, where: better)
                            index.replace(
                                with: Self.lanes &+ (first &+ Int32(truncatingIfNeeded: channel)), where: better)
                            to.storeBytes(of: best, toByteOffset: offset, as: SIMD8<Float>.self)
                            won.storeBytes(of: index, toByteOffset: offset, as: SIMD8<Int32>.self)
                            channel += 8
                        }
                        while channel < c {
                            let value = from.load(fromByteOffset: channel * 4, as: Float.self)
                            if value > to.load(fromByteOffset: channel * 4, as: Float.self) {
                                to.storeBytes(of: value, toByteOffset: channel * 4, as: Float.self)
                                won.storeBytes(
                                    of: first &+ Int32(truncatingIfNeeded: channel), toByteOffset: channel * 4,
                                    as: Int32.self)
                            }
                            channel += 1
                        }
                    }
                }
            }
        }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, batch: Int, context: BackwardContext) -> UnsafePointer<Float>?
    {
        let dx = inputGradient.zeroed(batch * inputShape.count)
        winners.withUnsafeBufferPointer { winners in
            for index in winners.indices { dx[Int(winners[index])] += outputGradient[index] }
        }
        return UnsafePointer(dx)
    }
}
