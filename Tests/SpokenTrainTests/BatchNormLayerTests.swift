import SpokenDSP
import Testing

@testable import SpokenTrain

/// Batch norm's passes (16 channels at a time, sums block by block, writes from the last pixel) against plain loops
/// over the pixels: the shipped models were trained with those, so every value must come out the same bits.
@Suite struct BatchNormLayerTests {
    /// Output, statistics, input gradient and parameter gradients of plain loops (the layer's formulas, each sum in
    /// pixel order), for `channels` channels over `rows` pixels.
    static func plain(x: [Float], dy: [Float], parameters: [Float], channels c: Int, ceiling: Float?) -> [[Float]] {
        let rows = x.count / c
        var (sums, squares) = ([Double](repeating: 0, count: c), [Double](repeating: 0, count: c))
        for row in 0..<rows { for j in 0..<c { sums[j] += Double(x[row * c + j]) } }
        let mean = (0..<c).map { Float(sums[$0] / Double(rows)) }
        for row in 0..<rows {
            for j in 0..<c {
                let deviation = Double(x[row * c + j] - mean[j])
                squares[j] += deviation * deviation
            }
        }
        let variance = (0..<c).map { Float(squares[$0] / Double(rows)) }
        let inverse = variance.map { 1 / ($0 + BatchNormLayer.epsilon).squareRoot() }
        let (gamma, beta) = (Array(parameters[0..<c]), Array(parameters[c...]))
        func normalized(_ index: Int) -> Float { (x[index] - mean[index % c]) * inverse[index % c] }
        func value(_ index: Int) -> Float { gamma[index % c] * normalized(index) + beta[index % c] }
        func gated(_ index: Int) -> Float {
            guard let ceiling else { return dy[index] }
            return value(index) > 0 && value(index) < ceiling ? dy[index] : 0
        }
        let y = x.indices.map { index in ceiling.map { min(max(value(index), 0), $0) } ?? value(index) }
        var (sum, sumNormalized) = ([Float](repeating: 0, count: c), [Float](repeating: 0, count: c))
        for index in x.indices {
            sum[index % c] += gated(index)
            sumNormalized[index % c] += gated(index) * normalized(index)
        }
        let count = Float(rows)
        let dx = x.indices.map {
            let j = $0 % c
            return gamma[j] * inverse[j] / count * (count * gated($0) - sum[j] - normalized($0) * sumNormalized[j])
        }
        return [y, mean + variance, dx, sumNormalized + sum]
    }

    /// Output, batch statistics, input gradient and parameter gradients of one training step of `layers` run as one
    /// stack, its output gradient scratch when `scratch`; and whether the input gradient came back in that buffer.
    static func step(
        input: Shape, batch: Int, parameters: [Float], x: [Float], dy: [Float], scratch: Bool = false,
        _ layers: (inout ParameterLayout) -> [any Layer]
    ) -> (values: [[Float]], inPlace: Bool) {
        var layout = ParameterLayout()
        let stack = LayerStack(input: input, layers: layers(&layout))
        var statistics = [Float](repeating: 0, count: layout.stateCount)
        var gradients = [Float](repeating: 0, count: layout.parameterCount)
        var outputGradient = dy
        return parameters.withUnsafeBufferPointer { p in
            statistics.withUnsafeMutableBufferPointer { s in
                gradients.withUnsafeMutableBufferPointer { g in
                    x.withUnsafeBufferPointer { x in
                        outputGradient.withUnsafeMutableBufferPointer { dy in
                            var context = ForwardContext(
                                parameters: p.baseAddress!, state: p.baseAddress!, statistics: s.baseAddress!,
                                random: SplitMix64(seed: 0))
                            let y = stack.forward(x.baseAddress!, batch: batch, context: &context)
                            let output = Array(UnsafeBufferPointer(start: y, count: x.count))
                            var backward = BackwardContext(parameters: p.baseAddress!, gradients: g.baseAddress!)
                            backward.outputGradientIsScratch = scratch
                            let dx = stack.backward(dy.baseAddress!, batch: batch, context: backward)!
                            return (
                                [output, Array(s), Array(UnsafeBufferPointer(start: dx, count: x.count)), Array(g)],
                                dx == UnsafePointer(dy.baseAddress!)
                            )
                        }
                    }
                }
            }
        }
    }

    @Test(
        "the layer's passes give the bits of plain loops over the pixels, in place or not",
        arguments: [(8, nil), (37, Float.infinity), (64, 6), (48, 1)] as [(Int, Float?)])
    func sameBitsAsPlainLoops(channels: Int, ceiling: Float?) {
        // 3 × 5 × 7 = 105 pixels: six blocks of 16 and a partial one.
        let (input, batch) = (Shape(height: 5, width: 7, channels: channels), 3)
        var random = SplitMix64(seed: UInt64(channels))
        // Channels with their own offsets and spreads (a sum that only adds alike numbers would not test the order).
        let x = (0..<(batch * input.count)).map {
            (random.unitFloat() * 4 - 2) * Float($0 % channels + 1) + Float($0 % channels) * 0.37
        }
        let dy = x.indices.map { _ in random.unitFloat() * 2 - 1 }
        let parameters = (0..<(2 * channels)).map { _ in random.unitFloat() * 2 - 1 }
        let expected = Self.plain(x: x, dy: dy, parameters: parameters, channels: channels, ceiling: ceiling)
        for inPlace in [false, true] {
            let (got, wroteInPlace) = Self.step(
                input: input, batch: batch, parameters: parameters, x: x, dy: dy, scratch: inPlace
            ) { [BatchNormLayer(input: input, layout: &$0, ceiling: ceiling)] }
            #expect(wroteInPlace == inPlace)
            for (name, index) in [("output", 0), ("statistics", 1), ("input gradient", 2), ("γ, β gradients", 3)] {
                #expect(
                    got[index].map(\.bitPattern) == expected[index].map(\.bitPattern),
                    "\(channels) channels, ceiling \(String(describing: ceiling)), in place \(inPlace): \(name)")
            }
        }
        if ceiling != nil { #expect(expected[0].contains(0)) }
    }

    @Test(
        "a batch norm with its activation fused in computes what a batch norm and an activation layer compute",
        arguments: [Float.infinity, 1])
    func fusedActivation(ceiling: Float) {
        let input = Shape(height: 3, width: 2, channels: 11)
        let batch = 3
        var random = SplitMix64(seed: 4)
        let parameters = (0..<(2 * input.channels)).map { _ in random.unitFloat() * 2 - 1 }
        let x = (0..<(batch * input.count)).map { _ in random.unitFloat() * 4 - 2 }
        let dy = (0..<(batch * input.count)).map { _ in random.unitFloat() * 2 - 1 }
        let fused = Self.step(input: input, batch: batch, parameters: parameters, x: x, dy: dy) {
            [BatchNormLayer(input: input, layout: &$0, ceiling: ceiling)]
        }
        let separate = Self.step(input: input, batch: batch, parameters: parameters, x: x, dy: dy) {
            [BatchNormLayer(input: input, layout: &$0), ActivationLayer(input: input, ceiling: ceiling)]
        }
        #expect(fused.values == separate.values)
        #expect(fused.values[0].contains(0) && fused.values[2].contains(0))
    }
}
