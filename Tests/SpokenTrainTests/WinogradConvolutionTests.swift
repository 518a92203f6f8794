import SpokenDSP
import Testing

@testable import SpokenTrain

/// The Winograd form of 3×3 convolutions: its gradients against finite differences, and its values against the im2col
/// form's on cnn2d's own layers.
@Suite struct WinogradConvolutionTests {
    /// A 3×3 stride-1 convolution layer that takes the Winograd form (checked), `bias` as asked.
    static func layer(
        _ input: Shape, filters: Int, same: Bool, bias: Bool = false, winograd: Bool = true,
        layout: inout ParameterLayout
    ) -> Conv2DLayer {
        let (rows, columns) = GradientCheckTests.axes(input, kernel: [3, 3], same: same)
        let layer = Conv2DLayer(
            input: input, filters: filters, rows: rows, columns: columns, bias: bias, layout: &layout,
            winograd: winograd)
        #expect((layer.winograd != nil) == winograd)
        return layer
    }

    /// The layer is linear in its input and in its weights, so a step of 0.25 adds no truncation error, and it keeps
    /// the float rounding of the transforms (a few 10⁻⁴ of an output of this check's inputs, which reach ±14) from
    /// swamping the differences: with the usual 0.01 a few input gradients missed by 2–3 %.
    @Test(
        "gradients against finite differences: SAME and VALID, partial tiles, 17 → 2 channels",
        arguments: [(5, 3, true), (6, 5, false)])
    func gradients(height: Int, width: Int, same: Bool) {
        let input = Shape(height: height, width: width, channels: 17)
        GradientCheckTests.check(input: input, batch: 1, step: 0.25) {
            Self.layer(input, filters: 2, same: same, bias: true, layout: &$0)
        }
    }

    @Test("only 3×3 kernels of stride and dilation 1 with at least 16 input channels take the Winograd form")
    func applies() {
        let input = Shape(height: 8, width: 8, channels: 16)
        func takes(_ kernel: [Int], stride: [Int] = [1, 1], dilation: [Int] = [1, 1], channels: Int = 16) -> Bool {
            let shape = Shape(height: input.height, width: input.width, channels: channels)
            let (rows, columns) = GradientCheckTests.axes(
                shape, kernel: kernel, stride: stride, dilation: dilation, same: true)
            return WinogradConvolution(input: shape, filters: 8, rows: rows, columns: columns) != nil
        }
        #expect(takes([3, 3]))
        #expect(!takes([3, 3], channels: 15))
        #expect(!takes([3, 3], stride: [1, 2]))
        #expect(!takes([3, 3], dilation: [2, 1]))
        #expect(!takes([3, 2]))
        #expect(!takes([5, 5]))
    }

    /// Output, input gradient and weight gradient of a layer for fixed operands.
    struct Values {
        var output: [Float]
        var inputGradient: [Float]
        var weightGradient: [Float]
    }

    static func run(
        _ layer: Conv2DLayer, parameters: [Float], input: UnsafeMutableBufferPointer<Float>, outputGradient: [Float],
        batch: Int
    ) -> Values {
        var gradients = [Float](repeating: 0, count: parameters.count)
        return parameters.withUnsafeBufferPointer { p in
            var context = ForwardContext(
                parameters: p.baseAddress!, state: p.baseAddress!, statistics: nil, random: SplitMix64(seed: 1))
            let y = layer.forward(input.baseAddress!, batch: batch, context: &context)
            let output = Array(UnsafeBufferPointer(start: y, count: batch * layer.outputShape.count))
            let dx = gradients.withUnsafeMutableBufferPointer { g in
                let dx = layer.backward(
                    outputGradient, batch: batch,
                    context: BackwardContext(parameters: p.baseAddress!, gradients: g.baseAddress!))!
                return Array(UnsafeBufferPointer(start: dx, count: input.count))
            }
            return Values(output: output, inputGradient: dx, weightGradient: gradients)
        }
    }

    /// Each value of the Winograd form within 10⁻⁵ of the im2col form's, relative to the sum of the absolute products
    /// that make it (the im2col form run on the absolute values of the operands): float rounding of either sum is
    /// bounded by a multiple of that sum, whatever the cancellation.
    ///
    /// 10⁻⁵ is about 170 float ulps (2⁻²⁴ ≈ 6·10⁻⁸): F(4×4, 3×3)'s transforms weigh up to six values by factors up to 8
    /// per axis before the products and after them, and each product sums 32–128 terms; the largest ratio measured on
    /// these layers is 2.3·10⁻⁶ (F(2×2, 3×3), with smaller factors, gave 3·10⁻⁷). A wrong tap, tile or transform
    /// entry misses by the size of a product, about 10⁻² of that sum or more.
    @Test(
        "equals the im2col form within 1e-5 of the absolute sums on cnn2d's 3×3 layers",
        arguments: [(40, 20, 32, 64, true), (20, 10, 64, 128, true), (21, 11, 32, 48, false)])
    func matchesIm2col(height: Int, width: Int, channels: Int, filters: Int, same: Bool) {
        let input = Shape(height: height, width: width, channels: channels)
        let batch = 2
        var layout = ParameterLayout()
        let fast = Self.layer(input, filters: filters, same: same, layout: &layout)
        var referenceLayout = ParameterLayout()
        let reference = Self.layer(input, filters: filters, same: same, winograd: false, layout: &referenceLayout)
        var random = SplitMix64(seed: 7)
        let parameters = (0..<layout.parameterCount).map { _ in random.unitFloat() * 0.2 - 0.1 }
        let values = (0..<(batch * input.count)).map { _ in random.unitFloat() * 2 - 1 }
        let dy = (0..<(batch * fast.outputShape.count)).map { _ in random.unitFloat() * 2 - 1 }
        let x = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
        defer { x.deallocate() }
        _ = x.initialize(from: values)
        let winograd = Self.run(fast, parameters: parameters, input: x, outputGradient: dy, batch: batch)
        let im2col = Self.run(reference, parameters: parameters, input: x, outputGradient: dy, batch: batch)
        _ = x.update(from: values.map(abs))
        let magnitude = Self.run(
            reference, parameters: parameters.map(abs), input: x, outputGradient: dy.map(abs), batch: batch)

        func worst(_ a: [Float], _ b: [Float], _ scale: [Float]) -> Double {
            zip(zip(a, b), scale).reduce(0.0) { Swift.max($0, Double(abs($1.0.0 - $1.0.1)) / Double($1.1)) }
        }
        let ratios = [
            worst(winograd.output, im2col.output, magnitude.output),
            worst(winograd.inputGradient, im2col.inputGradient, magnitude.inputGradient),
            worst(winograd.weightGradient, im2col.weightGradient, magnitude.weightGradient),
        ]
        #expect(ratios.allSatisfy { $0 <= 1e-5 }, "output, input gradient, weight gradient: \(ratios)")
    }
}
