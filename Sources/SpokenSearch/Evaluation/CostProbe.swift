import Foundation
import SpokenDSP
import SpokenNN
import SpokenRecognition
import SpokenTrain

/// A candidate's chip cost, measured on the int8 `.tflite` it becomes: arena and flash from loading it into the
/// interpreter (`Inspection`), cycles from the cycle model, latency and energy with the front end (`DeviceCost`).
///
/// The shape of a quantized network — and so its arena, flash and cycles — does not depend on its weights, so an
/// untrained network exported with random calibration data costs what the trained one will (to the byte, apart from
/// the metadata's provenance): the search measures every genome this way and refuses the ones that break a hard
/// constraint before spending any training on them.
public enum CostProbe {
    /// The cost of `model` (`bytes` long, `parameters` weights) whose front end is `frontEnd`, on `profile`.
    public static func cost(
        of model: Model, bytes: Int, parameters: Int, frontEnd: FrontEndConfig, profile: DeviceProfile
    ) throws -> CandidateCost {
        let inspection = try Inspection(model: model, name: "candidate", modelBytes: bytes, profile: profile)
        let frames = frontEnd.frames ?? 0
        let utterance = DeviceCost(
            frames: frames, frontEnd: FrontEndCost(config: frontEnd, profile: profile),
            finalizeCycles: FrontEndCost.finalizeCycles(frontEnd), inferenceCycles: inspection.totals.cycles,
            profile: profile)
        return CandidateCost(
            parameters: parameters, modelBytes: bytes, flashBytes: inspection.totals.flashUsed,
            arenaBytes: inspection.totals.arenaUsed, inferenceCycles: inspection.totals.cycles,
            latencyMilliseconds: utterance.latencyMilliseconds, energyMicrojoules: utterance.energyMicrojoules)
    }

    /// The cost of `genome`'s network for `task`, from an untrained int8 export; nil when the network has more
    /// weights than `maxParameters` (it cannot fit, and building it could exhaust the host's memory).
    public static func untrained(
        _ genome: Genome, space: GenomeSpace, task: TrainingTask, profile: DeviceProfile, maxParameters: Int
    ) throws -> CandidateCost? {
        guard space.parameterCount(genome, classes: task.classCount) <= maxParameters else { return nil }
        let architecture = genome.architecture(seconds: space.inputSeconds)
        let trainer = try Trainer(
            architecture: architecture, classes: task.classCount, options: TrainingOptions(threads: 1))
        let (frames, mels) = (architecture.inputShape[0], architecture.inputShape[1])
        var random = SplitMix64(seed: 0xC057)
        let count = 4
        let values = (0..<(count * frames * mels)).map { _ in Float(random.uniform(-80...0)) }
        let calibration = LabeledFeatures(
            frames: frames, mels: mels, values: values, labels: [Int](repeating: 0, count: count),
            speakers: [String](repeating: "", count: count))
        let metadata = ModelMetadata(frontEnd: architecture.frontEnd, labels: task.labels)
        let bytes = try Int8Exporter(graph: trainer.inferenceGraph(), calibrationFeatures: calibration)
            .write(metadata: metadata)
        return try cost(
            of: try ModelReader.read(bytes), bytes: bytes.count, parameters: trainer.parameterCount,
            frontEnd: architecture.frontEnd, profile: profile)
    }
}
