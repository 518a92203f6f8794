import Dispatch
import Foundation
import SpokenDSP

/// Trains one `Architecture` on log-mel features: the float engine under `spokend train` and the search's inner loop.
///
/// ```swift
/// let trainer = try Trainer(architecture: .preset("tiny")!, classes: 4, options: TrainingOptions(epochs: 20))
/// for epoch in trainer.epochsDone..<trainer.options.epochs {
///     let metrics = try trainer.trainEpoch(try stream.examples(epoch: epoch), epoch: epoch)
///     try trainer.writeCheckpoint(to: url)
/// }
/// let graph = trainer.inferenceGraph()          // batch norms folded, for the int8 exporter
/// ```
///
/// Each step splits the batch into `options.threads` shards that run forward and backward at once on their own
/// replica of the layers (OpenBLAS single-threaded inside each: for these small products that is faster than
/// OpenBLAS's own threads, see the README's training figures); their gradients are summed in shard order and one
/// AdamW update follows. Everything random (initialization, batch order, dropout) is drawn from generators derived
/// from the seed, the epoch, the step and the shard, so a run is reproducible and a resumed run continues exactly
/// where the checkpoint left it. Not thread-safe: one caller at a time.
public final class Trainer {
    public let architecture: Architecture
    public let classes: Int
    public let options: TrainingOptions
    /// Epochs completed (by `trainEpoch` here or before the checkpoint this trainer was read from).
    public private(set) var epochsDone: Int

    var parameters: [Float]
    /// Batch norms' running means and variances.
    var state: [Float]
    var optimizer: AdamW
    let replicas: [Network]
    /// Per replica: its shard of the batch (the first layer's input) and its gradient vector, reused every step.
    private let inputBuffers: [LayerBuffer]
    private let gradientBuffers: [LayerBuffer]

    /// A fresh network, initialized from `options.seed`.
    public convenience init(architecture: Architecture, classes: Int, options: TrainingOptions) throws(TrainError) {
        try options.validate()
        let network = try NetworkBuilder(architecture: architecture, classes: classes, dropout: options.dropout).build()
        try self.init(
            architecture: architecture, classes: classes, options: options, epochsDone: 0,
            parameters: network.layout.initialParameters(seed: Self.derivedSeed(options.seed, 0x1417)),
            state: network.layout.initialState(), optimizer: nil)
    }

    init(
        architecture: Architecture, classes: Int, options: TrainingOptions, epochsDone: Int, parameters: [Float],
        state: [Float], optimizer: AdamW?
    ) throws(TrainError) {
        self.architecture = architecture
        self.classes = classes
        self.options = options
        self.epochsDone = epochsDone
        var replicas: [Network] = []
        for _ in 0..<options.threads {
            replicas.append(
                try NetworkBuilder(architecture: architecture, classes: classes, dropout: options.dropout).build())
        }
        self.replicas = replicas
        inputBuffers = replicas.map { _ in LayerBuffer() }
        gradientBuffers = replicas.map { _ in LayerBuffer() }
        let layout = replicas[0].layout
        guard parameters.count == layout.parameterCount, state.count == layout.stateCount else {
            throw TrainError(
                .checkpoint,
                "checkpoint holds \(parameters.count) parameters and \(state.count) state values; the architecture "
                    + "needs \(layout.parameterCount) and \(layout.stateCount)"
            )
        }
        self.parameters = parameters
        self.state = state
        self.optimizer = optimizer ?? AdamW(count: layout.parameterCount, decayed: layout.decayed)
        GEMM.setThreads(1)
    }

    /// Trainable values in the network (weights, biases, batch-norm scales and shifts).
    public var parameterCount: Int { parameters.count }

    /// One pass over `data` in class-balanced shuffled batches; returns the training loss and accuracy.
    ///
    /// `epoch` (0-based) decides the batch order, the dropout masks and the position in the learning-rate schedule.
    /// A NaN or infinite loss or gradient throws `TrainError.diverged` and puts the weights and optimizer back to
    /// where they were before this epoch, so a checkpoint written afterwards is the last good one.
    public func trainEpoch(_ data: LabeledFeatures, epoch: Int) throws(TrainError) -> EpochMetrics {
        try check(data)
        var random = Self.generator(options.seed, 0xBA7C, UInt64(epoch))
        let order = BatchSampler.order(labels: data.labels, classes: classes, random: &random)
        let shards = options.threads
        // A last batch too small to give each shard two examples (batch norm needs a spread) is left out.
        let steps = max(1, (order.count - 2 * shards) / options.batchSize + 1)
        let saved = (parameters, state, optimizer)
        let schedule = LearningRateSchedule(
            peak: options.learningRate, warmupEpochs: options.warmupEpochs, epochs: Double(options.epochs))
        var lossSum = 0.0
        var correct = 0
        var seen = 0
        for step in 0..<steps {
            let batch = Array(order[(step * options.batchSize)..<min((step + 1) * options.batchSize, order.count)])
            let result = self.step(batch, data: data, epoch: epoch, step: step)
            let gradients = UnsafeBufferPointer(start: result.gradients, count: parameters.count)
            guard result.lossSum.isFinite, gradients.allSatisfy(\.isFinite) else {
                (parameters, state, optimizer) = saved
                throw TrainError(
                    .diverged,
                    "training diverged: the loss became \(result.lossSum) in epoch \(epoch + 1), step \(step + 1); "
                        + "weights kept from before this epoch (try a lower learning rate)"
                )
            }
            let rate = schedule.rate(at: Double(epoch) + Double(step) / Double(steps))
            optimizer.update(
                &parameters, gradients: result.gradients, learningRate: Float(rate),
                weightDecay: Float(options.weightDecay))
            lossSum += result.lossSum
            correct += result.correct
            seen += batch.count
        }
        epochsDone = epoch + 1
        return EpochMetrics(loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen), examples: seen)
    }

    /// Class probabilities (softmax) for every example in evaluation mode, `count × classes`, row-major.
    public func predict(_ data: LabeledFeatures) throws(TrainError) -> [Float] {
        try checkShape(data)
        return runEvaluation(data).flatMap { chunk in
            (0..<(chunk.count / classes)).flatMap {
                SoftmaxCrossEntropy.softmax(chunk[($0 * classes)..<(($0 + 1) * classes)])
            }
        }
    }

    /// Loss (without label smoothing) and accuracy on `data` in evaluation mode.
    public func evaluate(_ data: LabeledFeatures) throws(TrainError) -> EpochMetrics {
        try check(data)
        let logits = runEvaluation(data).flatMap { $0 }
        let result = SoftmaxCrossEntropy.evaluate(
            logits: logits, labels: data.labels, classes: classes, smoothing: 0, scale: 0)
        return EpochMetrics(
            loss: result.lossSum / Double(max(data.count, 1)),
            accuracy: Double(result.correct) / Double(max(data.count, 1)),
            examples: data.count)
    }

    // MARK: - Steps

    private struct StepResult {
        var lossSum: Double
        var correct: Int
        /// The batch's gradient, in the first replica's gradient buffer (valid until the next step).
        var gradients: UnsafePointer<Float>
    }

    /// Forward and backward over one batch, split into shards that run at once; gradients summed in shard order.
    private func step(_ batch: [Int], data: LabeledFeatures, epoch: Int, step: Int) -> StepResult {
        let shards = replicas.count
        let bounds = (0...shards).map { $0 * batch.count / shards }
        var results = [StepResult?](repeating: nil, count: shards)
        var statistics = [[Float]](repeating: [Float](repeating: 0, count: state.count), count: shards)
        let scale = 1 / Float(batch.count)
        let smoothing = Float(options.labelSmoothing)
        parameters.withUnsafeBufferPointer { parameters in
            state.withUnsafeBufferPointer { state in
                results.withUnsafeMutableBufferPointer { resultSlots in
                    statistics.withUnsafeMutableBufferPointer { statisticsSlots in
                        let (results, statistics) = (resultSlots, statisticsSlots)
                        Shards.run(shards) { shard in
                            let members = Array(batch[bounds[shard]..<bounds[shard + 1]])
                            let network = replicas[shard]
                            let gradients = gradientBuffers[shard].zeroed(parameters.count)
                            statistics[shard].withUnsafeMutableBufferPointer { shardStatistics in
                                var context = ForwardContext(
                                    parameters: parameters.baseAddress!, state: state.baseAddress!,
                                    statistics: shardStatistics.baseAddress!,
                                    random: Self.generator(
                                        options.seed, 0xD80F, UInt64(epoch), UInt64(step), UInt64(shard)))
                                let logits = network.stack.forward(
                                    gather(members, from: data, into: inputBuffers[shard]), batch: members.count,
                                    context: &context)
                                let loss = SoftmaxCrossEntropy.evaluate(
                                    logits: Array(UnsafeBufferPointer(start: logits, count: members.count * classes)),
                                    labels: members.map { data.labels[$0] }, classes: classes, smoothing: smoothing,
                                    scale: scale)
                                loss.gradient.withUnsafeBufferPointer { logitGradient in
                                    _ = network.stack.backward(
                                        logitGradient.baseAddress!, batch: members.count,
                                        context: BackwardContext(
                                            parameters: parameters.baseAddress!, gradients: gradients,
                                            needsInputGradient: false))
                                }
                                results[shard] = StepResult(
                                    lossSum: loss.lossSum, correct: loss.correct, gradients: UnsafePointer(gradients))
                            }
                        }
                    }
                }
            }
        }
        var total = results[0]!
        let sum = gradientBuffers[0].pointer
        for shard in 1..<shards {
            let other = results[shard]!
            total.lossSum += other.lossSum
            total.correct += other.correct
            for index in 0..<parameters.count { sum[index] += other.gradients[index] }
        }
        // Running statistics move towards the shards' mean batch statistics.
        let momentum = BatchNormLayer.momentum
        for index in state.indices {
            var batchValue: Float = 0
            for shard in 0..<shards { batchValue += statistics[shard][index] }
            state[index] = momentum * state[index] + (1 - momentum) * batchValue / Float(shards)
        }
        return total
    }

    /// Logits for all of `data` in evaluation mode, in chunks spread over the replicas; chunks in order.
    private func runEvaluation(_ data: LabeledFeatures) -> [[Float]] {
        let chunkSize = 128
        let chunks = (data.count + chunkSize - 1) / chunkSize
        var logits = [[Float]](repeating: [], count: chunks)
        let shards = replicas.count
        parameters.withUnsafeBufferPointer { parameters in
            state.withUnsafeBufferPointer { state in
                logits.withUnsafeMutableBufferPointer { slots in
                    let logits = slots
                    Shards.run(shards) { shard in
                        for chunk in stride(from: shard, to: chunks, by: shards) {
                            let members = Array((chunk * chunkSize)..<min((chunk + 1) * chunkSize, data.count))
                            var context = ForwardContext(
                                parameters: parameters.baseAddress!, state: state.baseAddress!, statistics: nil,
                                random: SplitMix64(seed: 0))
                            let output = replicas[shard].stack.forward(
                                gather(members, from: data, into: inputBuffers[shard]), batch: members.count,
                                context: &context)
                            logits[chunk] = Array(UnsafeBufferPointer(start: output, count: members.count * classes))
                        }
                    }
                }
            }
        }
        return logits
    }

    /// The features of `members`, one after the other, in `buffer`.
    private func gather(_ members: [Int], from data: LabeledFeatures, into buffer: LayerBuffer) -> UnsafePointer<Float>
    {
        let size = data.frames * data.mels
        let batch = buffer.reserve(members.count * size)
        data.values.withUnsafeBufferPointer { values in
            for (row, index) in members.enumerated() {
                (batch + row * size).update(from: values.baseAddress! + index * size, count: size)
            }
        }
        return UnsafePointer(batch)
    }

    private func checkShape(_ data: LabeledFeatures) throws(TrainError) {
        let input = architecture.inputShape
        guard data.frames == input[0], data.mels == input[1] else {
            throw TrainError(
                .invalidData,
                "features are \(data.frames) frames × \(data.mels) mels; the architecture takes "
                    + "\(input[0]) × \(input[1])"
            )
        }
    }

    private func check(_ data: LabeledFeatures) throws(TrainError) {
        try checkShape(data)
        guard data.count > 0 else { throw TrainError(.invalidData, "no examples to train or evaluate on") }
        if let label = data.labels.first(where: { !(0..<classes).contains($0) }) {
            throw TrainError(.invalidData, "label \(label) is outside the \(classes) classes")
        }
        guard data.values.allSatisfy(\.isFinite) else {
            throw TrainError(.invalidData, "features hold NaN or infinite values")
        }
    }

    // MARK: - Random numbers

    /// A generator for one purpose and position: `seed` mixed with each part in turn.
    static func generator(_ seed: UInt64, _ parts: UInt64...) -> SplitMix64 {
        SplitMix64(seed: parts.reduce(seed) { derivedSeed($0, $1) })
    }

    private static func derivedSeed(_ seed: UInt64, _ part: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ (part &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }
}
