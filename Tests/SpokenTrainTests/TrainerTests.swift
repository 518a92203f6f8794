import Foundation
import SpokenDSP
import SpokenNN
import Testing

@testable import SpokenTrain

/// Small problems the trainer must solve, and the guarantees a training run gives (determinism, resume, export).
@Suite struct TrainerTests {
    /// A 12 × 8 input; each class lights up its own pair of mel bands in a random stretch of frames, in noise.
    static func bands(classes: Int, perClass: Int, seed: UInt64) -> LabeledFeatures {
        var random = SplitMix64(seed: seed)
        var values: [Float] = []
        var labels: [Int] = []
        for example in 0..<(classes * perClass) {
            let label = example % classes
            let start = Int(random.next() % 6)
            for frame in 0..<12 {
                for mel in 0..<8 {
                    let lit = mel / 2 == label && (start..<(start + 6)).contains(frame)
                    values.append((lit ? 1 : 0) + 0.3 * (random.unitFloat() - 0.5))
                }
            }
            labels.append(label)
        }
        return LabeledFeatures(
            frames: 12, mels: 8, values: values, labels: labels, speakers: labels.map { "s\($0)" })
    }

    static let small = Architecture(
        frontEnd: FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 8, frames: 12),
        layers: [
            LayerSpec(kind: .conv2d, filters: 6, kernel: [3, 3]),
            LayerSpec(kind: .maxPool, pool: [2, 2]),
            LayerSpec(
                kind: .residual,
                layers: [
                    LayerSpec(kind: .depthwiseConv2d, kernel: [3, 3]),
                    LayerSpec(kind: .conv2d, filters: 6, kernel: [1, 1], activation: LayerSpec.none),
                ]),
            LayerSpec(kind: .dropout, rate: 0.1),
            LayerSpec(kind: .globalAveragePool),
        ])

    static let options = TrainingOptions(epochs: 6, batchSize: 16, learningRate: 0.02, warmupEpochs: 0.5, seed: 7)

    @Test("a small network learns four separable classes, and evaluation agrees with its training accuracy")
    func learns() throws {
        let trainer = try Trainer(architecture: Self.small, classes: 4, options: Self.options)
        let data = Self.bands(classes: 4, perClass: 24, seed: 1)
        var last = EpochMetrics(loss: .infinity, accuracy: 0, examples: 0)
        for epoch in 0..<Self.options.epochs { last = try trainer.trainEpoch(data, epoch: epoch) }
        let held = try trainer.evaluate(Self.bands(classes: 4, perClass: 10, seed: 2))
        #expect(last.accuracy > 0.9)
        #expect(held.accuracy > 0.9)
        let probabilities = try trainer.predict(Self.bands(classes: 4, perClass: 2, seed: 3))
        #expect(probabilities.count == 8 * 4)
        for row in 0..<8 { #expect(abs(probabilities[(row * 4)..<(row * 4 + 4)].reduce(0, +) - 1) < 1e-5) }
    }
}

extension LayerSpec {
    /// No activation (a name that does not clash with `Optional.none` in the tests' argument lists).
    static let none = InferenceOp.Activation.none
}
