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
            depth: depth, bias: folded,
            stage: OutputStage(p.multipliers, zeroPoint: p.outputZeroPoint, activation: p.activation))
    }

    /// Scratch bytes `run` needs: the table of `PackedFilter.tile` row pointers and the rows widened to int16.
    public var scratchByteCount: Int {
        PackedFilter.tile * (MemoryLayout<UnsafePointer<Int16>>.stride + 2 * filter.paddedDepth)
    }

    /// Runs the layer on every batch row; `scratch` has `scratchByteCount` bytes.
    public func run(
        input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let p = parameters
        let depth = p.accumulationDepth
        precondition(input.count >= p.batches * depth, "FULLY_CONNECTED input size")
        precondition(output.count >= p.batches * p.outputDepth, "FULLY_CONNECTED output size")
        precondition(scratch.count >= scratchByteCount, "FULLY_CONNECTED scratch size")
        let tile = PackedFilter.tile
        let rowValues = filter.paddedDepth
        let table = scratch.baseAddress!.bindMemory(to: UnsafePointer<Int16>.self, capacity: tile)
        let rows = (scratch.baseAddress! + tile * MemoryLayout<UnsafePointer<Int16>>.stride).bindMemory(
            to: Int16.self, capacity: tile * rowValues)
        // An odd depth's padding value meets zero weights, but stays a defined 0.
        for t in 0..<tile where depth < rowValues { rows[t * rowValues + depth] = 0 }
        let weightsOffset = -p.filterZeroPoint
        for first in stride(from: 0, to: p.batches, by: tile) {
            let count = min(tile, p.batches - first)
            var corrections = SIMD8<Int32>()
            for t in 0..<count {
                // Widens the row and applies TFLM's `weights_offset * sum(x)`.
                let source = input.baseAddress! + (first + t) * depth
                let destination = rows + t * rowValues
                var total: Int32 = 0
                for k in 0..<depth {
                    destination[k] = Int16(source[k])
                    total &+= Int32(source[k])
                }
                corrections[t] = weightsOffset &* total
                table[t] = UnsafePointer(destination)
            }
            // Rows past the last batch repeat the first one; their outputs are not stored.
            for t in count..<tile { table[t] = table[0] }
            filter.apply(
                table, filter.contiguous, count: count, corrections: corrections,
                into: output.baseAddress! + first * p.outputDepth,
                outputStride: p.outputDepth)
        }
    }
}
