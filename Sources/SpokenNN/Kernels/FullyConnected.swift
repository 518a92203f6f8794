/// FULLY_CONNECTED with int8 activations and weights (per-tensor or per-channel) and int32 bias, bit-exact with
/// TFLM's `reference_integer_ops::FullyConnected` / `FullyConnectedPerChannel`.
///
/// TFLM computes `sum((w + weightsOffset) * (x + inputOffset)) + bias` in int32. Expanded, that is
/// `dot(x, w) + inputOffset * sum(w) + weightsOffset * sum(x) + depth * weightsOffset * inputOffset + bias`;
/// the terms that do not depend on the input are folded into the bias at load, so evaluation is one dot product
/// per output (plus `weightsOffset * sum(x)` per row when the weights have a zero point).
public struct FullyConnected: Sendable {
    public let parameters: FullyConnectedParameters
    private let filter: [Int8]
    private let bias: [Int32]

    /// `filter` is `[outputDepth, accumulationDepth]`; `bias` has `outputDepth` values or is `nil`.
    public init(
        parameters: FullyConnectedParameters, filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>?
    ) {
        let p = parameters
        let depth = p.accumulationDepth
        precondition(filter.count >= p.outputDepth * depth, "FULLY_CONNECTED filter size")
        precondition(bias == nil || bias!.count == p.outputDepth, "FULLY_CONNECTED bias size")
        self.parameters = p
        self.filter = Array(filter.prefix(p.outputDepth * depth))
        let inputOffset = -p.inputZeroPoint
        let weightsOffset = -p.filterZeroPoint
        self.bias = (0..<p.outputDepth).map { channel in
            var sum: Int32 = 0
            for k in 0..<depth { sum &+= Int32(filter[channel * depth + k]) }
            return (bias?[channel] ?? 0) &+ inputOffset &* sum &+ Int32(truncatingIfNeeded: depth) &* weightsOffset
                &* inputOffset
        }
    }

    public func run(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
        let p = parameters
        let depth = p.accumulationDepth
        precondition(input.count >= p.batches * depth, "FULLY_CONNECTED input size")
        precondition(output.count >= p.batches * p.outputDepth, "FULLY_CONNECTED output size")
        let weightsOffset = -p.filterZeroPoint
        filter.withUnsafeBufferPointer { filterBuffer in
            bias.withUnsafeBufferPointer { biasBuffer in
                p.multipliers.multipliers.withUnsafeBufferPointer { multipliers in
                    p.multipliers.shifts.withUnsafeBufferPointer { shifts in
                        withUnsafeTemporaryAllocation(of: Int32.self, capacity: p.outputDepth) { rowBias in
                            for batch in 0..<p.batches {
                                let x = input.baseAddress! + batch * depth
                                var biasPointer = biasBuffer.baseAddress!
                                if weightsOffset != 0 {
                                    var sum: Int32 = 0
                                    for k in 0..<depth { sum &+= Int32(x[k]) }
                                    for c in 0..<p.outputDepth { rowBias[c] = biasBuffer[c] &+ weightsOffset &* sum }
                                    biasPointer = UnsafePointer(rowBias.baseAddress!)
                                }
                                Conv2D.dotRows(
                                    x, filterBuffer.baseAddress!, count: depth, rows: p.outputDepth, bias: biasPointer,
                                    multipliers: multipliers.baseAddress!, shifts: shifts.baseAddress!,
                                    zeroPoint: p.outputZeroPoint, activation: p.activation,
                                    output: output.baseAddress! + batch * p.outputDepth)
                            }
                        }
                    }
                }
            }
        }
    }
}
