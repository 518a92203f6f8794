import Foundation
import SpokenDSP
import SpokenNN

/// Hears one utterance: the language model and the number model (either may be absent) on the same log-mel
/// frames, with what it would have cost on the chip.
///
/// The models must share one front end up to what `FeatureExtractor.finalize` does per model (`frames`, `fit`,
/// `top_db`, `normalize`): the chip computes one stream of log-mel frames and each model finishes the utterance its own way.
/// `frontEnd` is that shared stream config (no `frames`), the one the daemon's streaming extractor uses.
///
/// On the chip the two models run one after the other and so share one arena: the planned (non-persistent) part
/// is reused, only the persistent parts add up. `sharedArenaBytes` is that figure, checked against the profile at
/// load (the host keeps one arena per interpreter; the numbers are the chip's).
///
/// Not thread-safe (the models' interpreters and the extractor hold state); use one per stream.
public final class Recognizer {
    public let language: RecognitionModel?
    public let number: RecognitionModel?
    public let profile: DeviceProfile
    /// The shared streaming front end: the models' config without `frames`.
    public let frontEnd: FrontEndConfig
    public let frontEndCost: FrontEndCost
    /// Arena bytes both models need when they share one arena as on the chip: the larger plan plus both tails.
    public let sharedArenaBytes: Int

    private let extractor: FeatureExtractor

    /// The loaded models, language first.
    public var models: [RecognitionModel] { [language, number].compactMap { $0 } }

    /// Combines loaded models; each model's labels say which task it answers.
    public init(models: [RecognitionModel], profile: DeviceProfile) throws {
        guard let first = models.first else { throw RecognitionError(.noModels, "no models to recognize with") }
        var byTask: [ModelTask: RecognitionModel] = [:]
        for model in models {
            if let other = byTask[model.task] {
                throw RecognitionError(
                    .incompatibleModel, "\(other.name) and \(model.name) are both \(model.task.rawValue) models")
            }
            byTask[model.task] = model
        }
        let shared = Self.streamingConfig(first.frontEnd)
        for model in models.dropFirst() where Self.streamingConfig(model.frontEnd) != shared {
            throw RecognitionError(
                .incompatibleModel,
                "\(first.name) and \(model.name) use different front ends; the chip computes one stream of frames "
                    + "for both (they may differ only in frames, fit, top_db and normalize)")
        }
        let heads = models.map { $0.interpreter.plan.size }
        let tails = models.map { $0.interpreter.accounting.tail }
        sharedArenaBytes = (heads.max() ?? 0) + tails.reduce(0, +)
        guard sharedArenaBytes <= profile.arenaBytes else {
            throw AllocationError(
                needed: sharedArenaBytes, available: profile.arenaBytes,
                what: models.map(\.name).joined(separator: " and ") + " sharing one arena")
        }
        language = byTask[.language]
        number = byTask[.number]
        self.profile = profile
        frontEnd = shared
        frontEndCost = FrontEndCost(config: shared, profile: profile)
        extractor = try FeatureExtractor(config: shared)
    }

    /// Loads `language.tflite` and `number.tflite` from `directory` (at least one must be there).
    public convenience init(directory: String, profile: DeviceProfile) throws {
        let paths = ModelTask.allCases.map { URL(fileURLWithPath: directory).appendingPathComponent($0.fileName).path }
        let present = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard !present.isEmpty else {
            throw RecognitionError(
                .noModels,
                "no models in \(directory): expected \(ModelTask.allCases.map(\.fileName).joined(separator: " and/or "))"
            )
        }
        try self.init(models: present.map { try RecognitionModel(path: $0, profile: profile) }, profile: profile)
    }

    /// Recognizes an utterance from its log-mel frames as the shared front end streams them (before `top_db`),
    /// `trimmed` as training clips are. The device cost counts every frame given: the chip computes them all.
    public func recognize(logMel frames: FeatureMatrix) throws -> Recognition {
        guard frames.melCount == frontEnd.mels else {
            throw RecognitionError(
                .incompatibleModel, "the models take \(frontEnd.mels) mel bands, the frames have \(frames.melCount)")
        }
        let heard = trimmed(frames)
        let language = try self.language?.classify(logMel: heard)
        let number = try self.number?.classify(logMel: heard)
        return Recognition(
            language: language, number: number,
            device: DeviceCost(
                frames: frames.frameCount, frontEnd: frontEndCost,
                finalizeCycles: models.reduce(0) { $0 + FrontEndCost.finalizeCycles($1.frontEnd) },
                inferenceCycles: models.reduce(0) { $0 + $1.inferenceCycles }, profile: profile))
    }

    /// An utterance's frames as training saw its clips: from the first to the last frame within
    /// `SpeechSpan.thresholdDB` (40 dB) of the loudest, plus `SpeechSpan.marginSeconds` (50 ms, in hops) on each side
    /// where the frames have them — `SilenceTrimmer`'s rule and setting, applied to frames. Without it the VAD's pre-roll, tail and the quiet noise it counts as speech
    /// stay in the utterance and `finalize` centres and scales a different picture than the models learned.
    ///
    /// A frame's level comes from its own log-mel values (the mel bands' energies summed back from decibels), not
    /// from the segmenter: these frames are all both callers have (`classify` and the daemon hand over the
    /// segmenter's frames, `recognize(signal:)` a whole signal), and they measure the band the models hear. The
    /// corpus measures 20 ms windows' standard deviation; a frame spans `nFFT` samples, so the cut may differ by a
    /// hop at either end. Silence (no frame above zero) stays as is.
    public func trimmed(_ frames: FeatureMatrix) -> FeatureMatrix {
        let refDB = 10 * log10(max(frontEnd.log.amin, frontEnd.log.ref))
        // 10^(x/10) as e^(x·ln 10/10): `exp` costs a fraction of `pow`, and this runs for every value of every
        // utterance.
        let toPower = log(10.0) / 10
        let levels = (0..<frames.frameCount).map { frame in
            // Back to the bands' power (or magnitude, with `power` 1), then to an amplitude for `SpeechSpan`.
            let energy = frames.row(frame).reduce(0.0) { $0 + exp((Double($1) + refDB) * toPower) }
            return frontEnd.power == 2 ? energy.squareRoot() : energy
        }
        guard let speech = SpeechSpan.indices(of: levels, thresholdDB: SpeechSpan.thresholdDB) else { return frames }
        let margin = Int((SpeechSpan.marginSeconds * Double(frontEnd.sampleRate) / Double(frontEnd.hop)).rounded())
        let kept = max(0, speech.lowerBound - margin)..<min(frames.frameCount, speech.upperBound + 1 + margin)
        let mels = frames.melCount
        return FeatureMatrix(
            frameCount: kept.count, melCount: mels,
            values: Array(frames.values[(kept.lowerBound * mels)..<(kept.upperBound * mels)]))
    }

    /// Recognizes a whole signal at `sampleRate` (resampled to the front end's rate when it differs) as one
    /// utterance.
    public func recognize(signal: [Float], sampleRate: Int) throws -> Recognition {
        let samples =
            sampleRate == frontEnd.sampleRate
            ? signal : try Resampler.resample(signal, from: sampleRate, to: frontEnd.sampleRate)
        return try recognize(logMel: samples.withUnsafeBufferPointer { extractor.logMel(of: $0) })
    }

    /// `config` as the stream computes it: without the per-utterance `frames`, `fit` and `top_db`.
    private static func streamingConfig(_ config: FrontEndConfig) -> FrontEndConfig {
        var stream = config
        stream.frames = nil
        stream.fit = .padOrCropCenter
        stream.log.topDB = nil
        stream.normalize = nil
        return stream
    }
}
