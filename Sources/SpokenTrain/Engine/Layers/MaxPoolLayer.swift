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
    /// Whether the windows tile the input: no overlap, no padding, nothing left out.
    private let tiles: Bool
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, rows: WindowAxis, columns: WindowAxis) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
        walk = WindowWalk(height: input.height, width: input.width, rows: rows, columns: columns)
        tiles = [(rows, input.height), (columns, input.width)].allSatisfy { axis, size in
            axis.stride == axis.kernel && axis.padBefore == 0 && axis.output * axis.kernel == size
        }
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
        let count = batch * inputShape.count
        guard tiles else {
            let dx = inputGradient.zeroed(count)
            winners.withUnsafeBufferPointer { winners in
                for index in winners.indices { dx[Int(winners[index])] += outputGradient[index] }
            }
            return UnsafePointer(dx)
        }
        // Every input value lies in one window: each is written once, with what the scatter into zeros would have
        // left there (`0 + g`, so a gradient of -0 becomes +0 as it did).
        let c = inputShape.channels
        let dx = inputGradient.reserve(count)
        winners.withUnsafeBufferPointer { winners in
            walk.forEachWindow(batch: batch) { pixel, taps in
                let (won, given) = (winners.baseAddress! + pixel &* c, outputGradient + pixel &* c)
                for row in taps.rows {
                    for column in taps.columns {
                        let first = (taps.base &+ row.pixel &+ column.pixel) &* c
                        let target = dx + first
                        for channel in 0..<c {
                            target[channel] =
                                won[channel] == Int32(truncatingIfNeeded: first &+ channel) ? 0 + given[channel] : 0
                        }
                    }
                }
            }
        }
        return UnsafePointer(dx)
    }
}
