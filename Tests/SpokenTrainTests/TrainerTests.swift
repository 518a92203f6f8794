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

extension TrainerTests {
    /// Every kind of layer and option the exporter folds or maps: batch norms after conv, depthwise and dense,
    /// strides, dilation, VALID and SAME, both pools, ReLU6, a residual ADD with its activation.
    static let everything = Architecture(
        frontEnd: FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 8, frames: 12),
        layers: [
            LayerSpec(kind: .conv2d, filters: 5, kernel: [3, 2], stride: [1, 2], activation: .relu6),
            LayerSpec(kind: .depthwiseConv2d, kernel: [2, 2], dilation: [2, 1], padding: .valid),
            LayerSpec(kind: .averagePool, pool: [2, 2], stride: [1, 1], padding: .same),
            LayerSpec(
                kind: .residual, activation: .relu6,
                layers: [
                    LayerSpec(kind: .conv2d, filters: 5, kernel: [3, 3], batchNorm: false),
                    LayerSpec(kind: .conv2d, filters: 5, kernel: [1, 1], activation: LayerSpec.none),
                ]),
            LayerSpec(kind: .maxPool, pool: [2, 2]),
            LayerSpec(kind: .dropout),
            LayerSpec(kind: .dense, units: 7, batchNorm: true),
        ])

    @Test("the exported graph (batch norms folded) computes what the engine computes in evaluation mode")
    func exportMatchesEngine() throws {
        let trainer = try Trainer(architecture: Self.everything, classes: 4, options: Self.options)
        let data = Self.bands(classes: 4, perClass: 8, seed: 4)
        for epoch in 0..<2 { _ = try trainer.trainEpoch(data, epoch: epoch) }
        let graph = trainer.inferenceGraph()
        #expect(graph.inputShape == [12, 8, 1])
        // conv, depthwise, average pool, conv, conv, add, max pool, dense, the classifier, softmax: no batch norm or
        // dropout left.
        #expect(graph.nodes.count == 10)
        let probabilities = try trainer.predict(data)
        for example in 0..<data.count {
            let reference = try FloatReference(graph: graph).output(of: data.example(example))
            let engine = probabilities[(example * 4)..<((example + 1) * 4)]
            for (a, b) in zip(reference, engine) {
                #expect(abs(Double(a) - Double(b)) < 1e-4, "example \(example): \(reference) vs \(engine)")
            }
        }
    }

    @Test("the same seed gives the same weights; another seed does not")
    func deterministic() throws {
        let data = Self.bands(classes: 4, perClass: 8, seed: 1)
        func train(seed: UInt64) throws -> [Float] {
            var options = Self.options
            options.seed = seed
            let trainer = try Trainer(architecture: Self.small, classes: 4, options: options)
            for epoch in 0..<2 { _ = try trainer.trainEpoch(data, epoch: epoch) }
            return trainer.parameters + trainer.state
        }
        let first = try train(seed: 7)
        #expect(first == (try train(seed: 7)))
        #expect(first != (try train(seed: 8)))
    }

    @Test("a run resumed from a checkpoint file ends with the same weights as an uninterrupted run")
    func resume() throws {
        let data = Self.bands(classes: 4, perClass: 8, seed: 1)
        let uninterrupted = try Trainer(architecture: Self.small, classes: 4, options: Self.options)
        for epoch in 0..<3 { _ = try uninterrupted.trainEpoch(data, epoch: epoch) }

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-resume-\(UUID()).ckpt")
        defer { try? FileManager.default.removeItem(at: url) }
        let interrupted = try Trainer(architecture: Self.small, classes: 4, options: Self.options)
        _ = try interrupted.trainEpoch(data, epoch: 0)
        try interrupted.writeCheckpoint(to: url)
        let resumed = try Trainer(checkpointAt: url)
        #expect(resumed.epochsDone == 1)
        for epoch in resumed.epochsDone..<3 { _ = try resumed.trainEpoch(data, epoch: epoch) }
        #expect(resumed.parameters == uninterrupted.parameters)
        #expect(resumed.state == uninterrupted.state)
        #expect(resumed.checkpoint() == uninterrupted.checkpoint())
    }

    @Test("a NaN loss stops the epoch with a clear error and keeps the weights from before that epoch")
    func divergence() throws {
        // A learning rate of 10^20 makes the first update's weights so large that the next forward pass overflows.
        var options = Self.options
        options.learningRate = 1e20
        options.warmupEpochs = 0
        let trainer = try Trainer(architecture: Self.small, classes: 4, options: options)
        let before = trainer.checkpoint()
        #expect {
            _ = try trainer.trainEpoch(Self.bands(classes: 4, perClass: 8, seed: 1), epoch: 0)
        } throws: { error in
            let error = error as? TrainError
            return error?.code == .diverged && error?.detail.contains("epoch 1, step") == true
        }
        #expect(trainer.epochsDone == 0)
        #expect(trainer.checkpoint() == before)
    }

    @Test("damaged checkpoints are refused with a clear error")
    func damagedCheckpoint() throws {
        let trainer = try Trainer(architecture: Self.small, classes: 4, options: Self.options)
        let bytes = trainer.checkpoint()
        for damaged in [Data("hello".utf8), bytes.prefix(bytes.count - 3), Data("SPKDCKPT".utf8) + bytes.dropFirst(9)] {
            #expect { _ = try Trainer(checkpoint: damaged) } throws: { ($0 as? TrainError)?.code == .checkpoint }
        }
    }

    @Test("batches are class-balanced: an imbalanced set is drawn evenly, in a seed-decided order")
    func balanced() {
        let labels = Array(repeating: 0, count: 60) + Array(repeating: 1, count: 30) + Array(repeating: 2, count: 10)
        var random = SplitMix64(seed: 1)
        let order = BatchSampler.order(labels: labels, classes: 3, random: &random)
        #expect(order.count == labels.count)
        let counts = (0..<3).map { label in order.filter { labels[$0] == label }.count }
        #expect(counts.allSatisfy { abs($0 - 33) <= 1 }, "\(counts)")
        // Within every window of 3 consecutive draws of a round, each class once.
        for round in stride(from: 0, to: 99, by: 3) {
            #expect(Set(order[round..<(round + 3)].map { labels[$0] }).count == 3)
        }
        var again = SplitMix64(seed: 1)
        #expect(BatchSampler.order(labels: labels, classes: 3, random: &again) == order)
    }
}
