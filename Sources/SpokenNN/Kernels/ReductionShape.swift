/// The geometry of a reduction (MEAN, REDUCE_MAX) over some axes, as TFLM's `ResolveAxis` and output shape:
/// negative axes count from the end, repeated axes count once, and the reduced axes are dropped from the output
/// or kept as 1 (`keepDims`).
public struct ReductionShape: Equatable, Sendable {
    public var inputShape: [Int]
    /// Sorted, distinct, non-negative.
    public var axes: [Int]
    public var keepDims: Bool
    public var outputShape: [Int]
    /// Input elements per output element.
    public var reducedCount: Int
    /// For each input dimension, the stride of the output element it lands in (0 along reduced axes).
    var outputStrides: [Int]

    public init(inputShape: [Int], axes: [Int32], keepDims: Bool) throws(ModelError) {
        let rank = inputShape.count
        // A dimension of 0 empties a tensor whatever its other dimensions, so they may multiply past `Int.max`
        // (fuzzing: a MEAN over [8, 20, 1, 6, 0, 0, 1, 1022959610, 23, 1987208563, …]); every count and stride below multiplies some of them.
        var product = 1
        for dimension in inputShape where dimension > 0 {
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw ModelError(
                    .invalidShape, "reduction over shape \(inputShape): its dimensions multiply past Int.max")
            }
            product = next
        }
        var resolved = Set<Int>()
        for axis in axes {
            let a = axis < 0 ? Int(axis) + rank : Int(axis)
            guard a >= 0 && a < rank else {
                throw ModelError(.malformed, "reduction axis \(axis) out of range for shape \(inputShape)")
            }
            resolved.insert(a)
        }
        self.inputShape = inputShape
        self.axes = resolved.sorted()
        self.keepDims = keepDims
        var reducedCount = 1
        var kept = [Int]()
        for d in 0..<rank {
            if resolved.contains(d) {
                reducedCount *= inputShape[d]
                if keepDims { kept.append(1) }
            } else {
                kept.append(inputShape[d])
            }
        }
        self.outputShape = kept
        self.reducedCount = reducedCount
        var strides = [Int](repeating: 0, count: rank)
        var stride = 1
        for d in (0..<rank).reversed() where !resolved.contains(d) {
            strides[d] = stride
            stride *= inputShape[d]
        }
        self.outputStrides = strides
    }

    public var inputCount: Int { inputShape.reduce(1, *) }
    public var outputCount: Int { outputShape.reduce(1, *) }

    /// Calls `body(outputOffset, inputOffset, count)` for runs of input elements along the last dimension, in input
    /// order; within a run the output offset advances by `outputStrides.last` per element.
    @inline(__always)
    func forEachRun(_ body: (Int, Int, Int) -> Void) {
        let rank = inputShape.count
        guard rank > 0 else {
            body(0, 0, 1)
            return
        }
        let inner = inputShape[rank - 1]
        let runs = inner == 0 ? 0 : inputCount / inner
        withUnsafeTemporaryAllocation(of: Int.self, capacity: rank) { index in
            index.initialize(repeating: 0)
            var outputOffset = 0
            for run in 0..<runs {
                body(outputOffset, run * inner, inner)
                // Advance the multi-index over the leading dimensions.
                var d = rank - 2
                while d >= 0 {
                    index[d] += 1
                    outputOffset += outputStrides[d]
                    if index[d] < inputShape[d] { break }
                    outputOffset -= outputStrides[d] * inputShape[d]
                    index[d] = 0
                    d -= 1
                }
            }
        }
    }
}
