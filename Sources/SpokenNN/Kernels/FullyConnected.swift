/// FULLY_CONNECTED with int8 activations and weights (per-tensor or per-channel) and int32 bias, bit-exact with
/// TFLM's `reference_integer_ops::FullyConnected` / `FullyConnectedPerChannel`.
///
/// TFLM computes `sum((w + weightsOffset) * (x + inputOffset)) + bias` in int32. Expanded, that is
/// `dot(x, w) + inputOffset * sum(w) + weightsOffset * sum(x) + depth * weightsOffset * inputOffset + bias`;
/// the terms that do not depend on the input are folded into the bias at load, so evaluation is one dot product
/// per output (plus `weightsOffset * sum(x)` per row when the weights have a zero point).
public struct FullyConnected: Sendable {
    public let parameters: FullyConnectedParameters
    private let filter: PackedFilter

    /// `filter` is `[outputDepth, accumulationDepth]`; `bias` has `outputDepth` values or is `nil`.
    public init(
        parameters: FullyConnectedParameters, filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>?
    ) {
        let p = parameters
        let depth = p.accumulationDepth
        precondition(filter.count >= p.outputDepth * depth, "FULLY_CONNECTED filter size")
        precondition(bias == nil || bias!.count == p.outputDepth, "FULLY_CONNECTED bias size")
        self.parameters = p
        let inputOffset = -p.inputZeroPoint
        let weightsOffset = -p.filterZeroPoint
        let folded = (0..<p.outputDepth).map { channel in
            var sum: Int32 = 0
            for k in 0..<depth { sum &+= Int32(filter[channel * depth + k]) }
            return (bias?[channel] ?? 0) &+ inputOffset &* sum &+ Int32(truncatingIfNeeded: depth) &* weightsOffset
                &* inputOffset
        }
        self.filter = PackedFilter(
            filter: UnsafeBufferPointer(rebasing: filter.prefix(p.outputDepth * depth)), rows: p.outputDepth,
            depth: depth, bias: folded)
    }

    public func run(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
        let p = parameters
        let depth = p.accumulationDepth
        precondition(input.count >= p.batches * depth, "FULLY_CONNECTED input size")
        precondition(output.count >= p.batches * p.outputDepth, "FULLY_CONNECTED output size")
        let weightsOffset = -p.filterZeroPoint
        let sumsCount = filter.blocks * PackedFilter.blockRows
        let rowValues = filter.paddedDepth
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * sumsCount) { sums in
            withUnsafeTemporaryAllocation(of: Int16.self, capacity: 2 * rowValues) { rows in
                p.multipliers.multipliers.withUnsafeBufferPointer { multipliers in
                    p.multipliers.shifts.withUnsafeBufferPointer { shifts in
                        let requantize = Requantizer(
                            multipliers: multipliers.baseAddress!, shifts: shifts.baseAddress!, count: p.outputDepth,
                            zeroPoint: p.outputZeroPoint, activation: p.activation)
                        rows.initialize(repeating: 0)
                        let row = (rows.baseAddress!, rows.baseAddress! + rowValues)
                        let sum = (sums.baseAddress!, sums.baseAddress! + sumsCount)

                        /// Widens row `batch` into `destination` and applies TFLM's `weights_offset * sum(x)`.
                        func widen(_ batch: Int, _ destination: UnsafeMutablePointer<Int16>) -> Int32 {
                            let source = input.baseAddress! + batch * depth
                            var total: Int32 = 0
                            for k in 0..<depth {
                                destination[k] = Int16(source[k])
                                total &+= Int32(source[k])
                            }
                            return weightsOffset &* total
                        }
                        func finish(_ batch: Int, _ sums: UnsafeMutablePointer<Int32>, _ correction: Int32) {
                            if correction != 0 {
                                for c in 0..<p.outputDepth { sums[c] &+= correction }
                            }
                            requantize(sums, into: output.baseAddress! + batch * p.outputDepth)
                        }

                        var batch = 0
                        while batch + 2 <= p.batches {
                            let c0 = widen(batch, row.0)
                            let c1 = widen(batch + 1, row.1)
                            filter.multiply(row.0, row.1, into: sum.0, sum.1)
                            finish(batch, sum.0, c0)
                            finish(batch + 1, sum.1, c1)
                            batch += 2
                        }
                        if batch < p.batches {
                            let c0 = widen(batch, row.0)
                            filter.multiply(row.0, nil, into: sum.0, sum.1)
                            finish(batch, sum.0, c0)
                        }
                    }
                }
            }
        }
    }
}
