import Foundation
import SpokenDSP
import SpokenNN

/// The front-end section of `spokend inspect` for a model that carries `spokend.frontend`: what listening and one
/// utterance cost on the device, front end included.
///
/// The utterance is taken to be as long as the model's input (`frames` frames), which is what the model was
/// trained to see; the inference cycles come from the caller's `Inspection` so both sections price the same ops.
public struct FrontEndInspection: Codable, Sendable {
    public var config: FrontEndConfig
    /// The model's labels and provenance, shown beside the front end.
    public var labels: [String]
    public var provenance: Provenance?
    public var cost: FrontEndCost
    /// One utterance of the model's frame count through this front end and the model.
    public var utterance: DeviceCost

    /// The section for `model`, or nil when it carries no `spokend.frontend` entry; throws when the entries are
    /// malformed.
    public init?(model: Model, name: String, inferenceCycles: Int, profile: DeviceProfile) throws(RecognitionError) {
        guard model.metadata(named: ModelMetadata.frontEndName) != nil else { return nil }
        let metadata = try ModelMetadata(model: model, name: name)
        config = metadata.frontEnd
        labels = metadata.labels
        provenance = metadata.provenance
        cost = FrontEndCost(config: config, profile: profile)
        let frames = config.frames ?? 0
        utterance = DeviceCost(
            frames: frames, frontEnd: cost, finalizeCycles: FrontEndCost.finalizeCycles(config),
            inferenceCycles: inferenceCycles,
            profile: profile)
    }

    /// The section for people.
    public func table() -> String {
        func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
        let periodMilliseconds = cost.framePeriodSeconds * 1e3
        let frameMilliseconds = Double(cost.cyclesPerFrame) / Double(cost.clockHz) * 1e3
        let shown =
            labels.count > 12
            ? labels.prefix(5).joined(separator: ",") + ",…," + labels.last! : labels.joined(separator: ",")
        var lines = [
            "model: \(ModelTask(labels: labels).rawValue), \(labels.count) labels (\(shown))"
                + (provenance.map { ", " + Self.describe($0) } ?? ""),
            "front end (spokend.frontend): \(config.sampleRate) Hz, n_fft \(config.nFFT), hop \(config.hop) "
                + "(\(format(periodMilliseconds, 1)) ms), \(config.mels) mels, \(config.frames ?? 0) frames"
                + (config.normalize == .melMean ? ", each mel band less its mean over the utterance" : ""),
            "  stage      cycles  function",
        ]
        for stage in cost.stages {
            lines.append(
                "  " + stage.name.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(repeating: " ", count: max(9 - "\(stage.cycles)".count, 0)) + "\(stage.cycles)  "
                    + stage.function)
        }
        let u = utterance
        lines += [
            "  per frame   \(cost.cyclesPerFrame) cycles = \(format(frameMilliseconds, 3)) ms of every "
                + "\(format(periodMilliseconds, 1)) ms: duty cycle \(format(cost.dutyCycle * 100, 1))%",
            "  after the end of speech: last frame \(cost.cyclesPerFrame) + finish \(u.finalizeCycles) + inference "
                + "\(u.inferenceCycles) = \(u.latencyCycles) cycles = \(format(u.latencyMilliseconds, 2)) ms",
            "  energy per utterance (\(u.frames) frames, front end included): \(format(u.energyMicrojoules, 1)) µJ",
        ]
        return lines.joined(separator: "\n")
    }

    /// "corpus X, fold 0 of 8, seed 1, …": the provenance fields that are set.
    private static func describe(_ provenance: Provenance) -> String {
        var parts: [String] = []
        if let corpus = provenance.corpus { parts.append("corpus \(corpus)") }
        if let fold = provenance.fold { parts.append("fold \(fold)" + (provenance.folds.map { " of \($0)" } ?? "")) }
        if let architecture = provenance.architecture { parts.append("architecture \(architecture)") }
        if let run = provenance.searchRun {
            parts.append("search run \(run)" + (provenance.candidate.map { " candidate \($0)" } ?? ""))
        }
        if let seed = provenance.seed { parts.append("seed \(seed)") }
        return parts.joined(separator: ", ")
    }
}
