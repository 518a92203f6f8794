import Foundation
import SpokenDSP
import SpokenRecognition
import SpokenTrain

/// Small random `InferenceGraph`s that between them use every op kind the exporter knows, with seeded weights,
/// and features to calibrate and run them on.
enum ExportGraphs {
    static let frames = 12
    static let mels = 10

    /// conv → depthwise → residual add → max pool → average pool (SAME) → strided VALID conv → global average
    /// pool → dense → softmax.
    static func classifier(seed: UInt64) -> InferenceGraph {
        var random = SplitMix64(seed: seed)
        return InferenceGraph(
            inputShape: [frames, mels, 1],
            nodes: [
                InferenceNode(op: .conv2D(convolution(&random, in: 1, out: 4, kernel: 3)), inputs: [.input]),
                InferenceNode(
                    op: .depthwiseConv2D(
                        convolution(&random, in: 1, out: 4, kernel: 3, activation: .relu6)),
                    inputs: [.node(0)]),
                InferenceNode(op: .add(activation: .relu), inputs: [.node(0), .node(1)]),
                InferenceNode(
                    op: .maxPool(.init(height: 2, width: 2, strideHeight: 2, strideWidth: 2)), inputs: [.node(2)]),
                InferenceNode(
                    op: .averagePool(.init(height: 3, width: 3, strideHeight: 1, strideWidth: 1, padding: .same)),
                    inputs: [.node(3)]),
                InferenceNode(
                    op: .conv2D(
                        convolution(&random, in: 4, out: 6, kernel: 3, stride: 2, padding: .valid, activation: .none)),
                    inputs: [.node(4)]),
                InferenceNode(op: .globalAveragePool, inputs: [.node(5)]),
                InferenceNode(op: dense(&random, inputs: 6, outputs: 5, activation: .none), inputs: [.node(6)]),
                InferenceNode(op: .softmax, inputs: [.node(7)]),
            ])
    }

    /// dilated VALID conv → strided depthwise → flatten → dense (ReLU) → dense: logits, no softmax.
    static func logits(seed: UInt64) -> InferenceGraph {
        var random = SplitMix64(seed: seed)
        return InferenceGraph(
            inputShape: [frames, mels, 1],
            nodes: [
                InferenceNode(
                    op: .conv2D(convolution(&random, in: 1, out: 3, kernel: 3, dilation: 2, padding: .valid)),
                    inputs: [.input]),
                InferenceNode(
                    op: .depthwiseConv2D(convolution(&random, in: 1, out: 3, kernel: 3, stride: 2, activation: .none)),
                    inputs: [.node(0)]),
                InferenceNode(op: .flatten, inputs: [.node(1)]),
                InferenceNode(op: dense(&random, inputs: 36, outputs: 8, activation: .relu), inputs: [.node(2)]),
                InferenceNode(op: dense(&random, inputs: 8, outputs: 4, activation: .none), inputs: [.node(3)]),
            ])
    }

    /// A temporal convolution network as the shipped models are: a SAME convolution spanning all mels with a stride
    /// of all mels (exported as RESHAPE + a convolution over mels as channels) → 3×1 conv → global average pool →
    /// dense → softmax.
    static func temporal(seed: UInt64) -> InferenceGraph {
        var random = SplitMix64(seed: seed)
        return InferenceGraph(
            inputShape: [frames, mels, 1],
            nodes: [
                InferenceNode(
                    op: .conv2D(
                        convolution(&random, in: 1, out: 6, kernel: 3, width: mels, stride: 3)),
                    inputs: [.input]),
                InferenceNode(
                    op: .conv2D(convolution(&random, in: 6, out: 5, kernel: 3, width: 1)), inputs: [.node(0)]),
                InferenceNode(op: .globalAveragePool, inputs: [.node(1)]),
                InferenceNode(op: dense(&random, inputs: 5, outputs: 3, activation: .none), inputs: [.node(2)]),
                InferenceNode(op: .softmax, inputs: [.node(3)]),
            ])
    }

    /// `count` examples of normalised log-mel-like features (dB around −30, a per-example tilt, ÷ 10: about
    /// −3…3), labels cycling through `classes`.
    static func features(count: Int, classes: Int, seed: UInt64) -> LabeledFeatures {
        var random = SplitMix64(seed: seed)
        var values: [Float] = []
        for _ in 0..<count {
            let tilt = uniform(&random, -20, 0)
            for t in 0..<frames {
                for m in 0..<mels {
                    let decibels =
                        tilt * Float(m) / Float(mels) + 15 * sin(Float(t + m) / 3) + uniform(&random, -10, 10)
                    values.append(decibels / 10)
                }
            }
        }
        return LabeledFeatures(
            frames: frames, mels: mels, values: values, labels: (0..<count).map { $0 % classes },
            speakers: (0..<count).map { "s\($0 % 3)" })
    }

    /// Metadata that fits these graphs: 12 frames of 10 mels, `classes` labels.
    static func metadata(classes: Int) -> ModelMetadata {
        ModelMetadata(
            frontEnd: FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: mels, frames: frames),
            labels: (0..<classes).map(String.init), provenance: Provenance(corpus: "test", seed: 1))
    }

    private static func uniform(_ random: inout SplitMix64, _ low: Float, _ high: Float) -> Float {
        low + (high - low) * Float(random.next() >> 40) / Float(1 << 24)
    }

    private static func convolution(
        _ random: inout SplitMix64, in inChannels: Int, out: Int, kernel: Int, width: Int? = nil, stride: Int = 1,
        dilation: Int = 1, padding: InferenceOp.Padding = .same, activation: InferenceOp.Activation = .relu
    ) -> InferenceOp.Convolution {
        let width = width ?? kernel
        let fanIn = kernel * width * inChannels
        let bound = (3 / Float(fanIn)).squareRoot()
        return InferenceOp.Convolution(
            weights: (0..<(out * fanIn)).map { _ in uniform(&random, -bound, bound) },
            bias: (0..<out).map { _ in uniform(&random, -1, 1) }, outChannels: out, kernelHeight: kernel,
            kernelWidth: width, strideHeight: stride, strideWidth: width == kernel ? stride : width,
            dilationHeight: dilation,
            dilationWidth: dilation, padding: padding, activation: activation)
    }

    private static func dense(
        _ random: inout SplitMix64, inputs: Int, outputs: Int, activation: InferenceOp.Activation
    ) -> InferenceOp {
        let bound = (3 / Float(inputs)).squareRoot()
        return .dense(
            weights: (0..<(inputs * outputs)).map { _ in uniform(&random, -bound, bound) },
            bias: (0..<outputs).map { _ in uniform(&random, -0.5, 0.5) }, outputs: outputs, activation: activation)
    }
}
