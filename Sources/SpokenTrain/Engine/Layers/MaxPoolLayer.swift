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
    private let output = LayerBuffer()
    private let inputGradient = LayerBuffer()

    init(input: Shape, rows: WindowAxis, columns: WindowAxis) {
        inputShape = input
        self.rows = rows
        self.columns = columns
        outputShape = Shape(height: rows.output, width: columns.output, channels: input.channels)
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, context: inout ForwardContext) -> UnsafePointer<Float> {
        let c = inputShape.channels
        let count = batch * outputShape.count
        if winners.count != count { winners = [Int32](repeating: 0, count: count) }
        let y = output.reserve(count)
        y.update(repeating: -.infinity, count: count)
        winners.withUnsafeMutableBufferPointer { winners in
            visit(batch: batch) { source, target in
                let from = UnsafeRawPointer(input + source)
                let to = UnsafeMutableRawPointer(y + target)
                let won = UnsafeMutableRawPointer(winners.baseAddress! + target)
                let first = Int32(truncatingIfNeeded: source)
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

    /// Calls `body(inputOffset, outputOffset)` for every window position inside the input, per output pixel in
    /// order; each offset is that of the pixel's first channel.
    private func visit(batch: Int, _ body: (Int, Int) -> Void) {
        let (h, w, c) = (inputShape.height, inputShape.width, inputShape.channels)
        var target = 0
        for n in 0..<batch {
            for oy in 0..<rows.output {
                for ox in 0..<columns.output {
                    for ky in 0..<rows.kernel {
                        let iy = rows.source(oy, ky)
                        guard iy >= 0, iy < h else { continue }
                        for kx in 0..<columns.kernel {
                            let ix = columns.source(ox, kx)
                            guard ix >= 0, ix < w else { continue }
                            body(((n * h + iy) * w + ix) * c, target)
                        }
                    }
                    target += c
                }
            }
        }
    }
}
