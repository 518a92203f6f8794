import SpokenDSP
import Testing

@testable import SpokenTrain

/// Every kernel starts from Keras's `glorot_uniform` for the shape Keras gives that kernel, so that the engine and a
/// Keras model of the same architecture (Scripts/bench_train.py) start from the same distribution.
///
/// The reference is Keras's documented rule, written out here from the kernel's Keras shape rather than from the
/// layer's own fan-in and fan-out: `limit = √(6 / (fan_in + fan_out))`, where `compute_fans` takes a 2-D shape
/// `(in, out)` as it is and, for a convolution kernel `(kh, kw, in, out)`, multiplies both by the receptive field
/// `kh · kw`. A depthwise kernel is `(kh, kw, channels, 1)`, so its fan-in counts all channels' taps.
@Suite struct InitializationTests {
    /// Keras's `glorot_uniform` limit for a kernel of this Keras shape (`keras.initializers.GlorotUniform`).
    static func kerasLimit(_ shape: [Int]) -> Float {
        let receptiveField = shape.dropLast(2).reduce(1, *)
        let fanIn = shape[shape.count - 2] * receptiveField
        let fanOut = shape[shape.count - 1] * receptiveField
        return (6 / Float(fanIn + fanOut)).squareRoot()
    }

    static func axis(_ size: Int, _ kernel: Int) -> WindowAxis {
        WindowAxis(input: size, kernel: kernel, stride: 1, dilation: 1, same: true)!
    }

    /// The kernel a layer draws from seed 5: its values span the limit (the largest within 2% of it) and stay inside.
    static func expectRange(
        _ shape: [Int], weights count: Int, _ make: (inout ParameterLayout) -> Int
    ) {
        var layout = ParameterLayout()
        let offset = make(&layout)
        let kernel = layout.initialParameters(seed: 5)[offset..<(offset + count)]
        let limit = Self.kerasLimit(shape)
        let largest = kernel.map(abs).max()!
        #expect(largest <= limit, "kernel \(shape): \(largest) beyond Keras's limit \(limit)")
        #expect(largest >= 0.98 * limit, "kernel \(shape): largest \(largest) of Keras's limit \(limit)")
    }

    @Test(
        "a depthwise kernel draws from Keras's range: fan-in is the taps times the channels, fan-out the taps",
        arguments: [(3, 3, 8), (3, 3, 64), (5, 2, 24)])
    func depthwise(kernelHeight: Int, kernelWidth: Int, channels: Int) {
        let input = Shape(height: 12, width: 10, channels: channels)
        Self.expectRange([kernelHeight, kernelWidth, channels, 1], weights: kernelHeight * kernelWidth * channels) {
            DepthwiseConv2DLayer(
                input: input, rows: Self.axis(12, kernelHeight), columns: Self.axis(10, kernelWidth), bias: false,
                layout: &$0
            ).weightOffset
        }
    }

    @Test("convolution and dense kernels draw from Keras's range too")
    func convolutionAndDense() {
        let input = Shape(height: 12, width: 10, channels: 16)
        Self.expectRange([10, 4, 16, 64], weights: 10 * 4 * 16 * 64) {
            Conv2DLayer(
                input: input, filters: 64, rows: Self.axis(12, 10), columns: Self.axis(10, 4), bias: false,
                layout: &$0
            ).weightOffset
        }
        Self.expectRange([input.count, 32], weights: input.count * 32) {
            DenseLayer(input: input, units: 32, bias: true, layout: &$0).weightOffset
        }
    }
}
