import Foundation
import SpokenDSP
import SpokenNN
import SpokenRecognition

/// The language and number models as the pipeline runs them: the `Recognizer` (both models, their shared streaming
/// front end, its cost on the chip) and one `BudgetedInvocation` per model for the device timeline.
///
/// Loaded whole or not at all, so a reload (SIGHUP) either swaps in a complete set or keeps the old one.
///
/// Sendable by hand-over: a set is loaded on one thread and then given to the pipeline, whose processing thread is
/// the only one that runs the interpreters; other threads read only the immutable descriptions (`summaries`).
public final class LoadedModels: @unchecked Sendable {
    public let recognizer: Recognizer
    public let language: RecognitionModel
    public let number: RecognitionModel
    let languageRun: BudgetedInvocation
    let numberRun: BudgetedInvocation

    /// Loads `language.tflite` and `number.tflite` from `directory` for `profile`; both must be there and share
    /// one streaming front end.
    public init(directory: String, profile: DeviceProfile) throws(DaemonError) {
        var loaded: [RecognitionModel] = []
        for task in ModelTask.allCases {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(task.fileName).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw DaemonError(.model, "no \(task.fileName) in \(directory): the daemon needs both models")
            }
            do {
                loaded.append(try RecognitionModel(path: path, profile: profile))
            } catch {
                throw DaemonError(.model, "cannot load \(path): \(error)")
            }
        }
        do {
            recognizer = try Recognizer(models: loaded, profile: profile)
        } catch {
            throw DaemonError(.model, "cannot use the models in \(directory) together: \(error)")
        }
        guard let language = recognizer.language, let number = recognizer.number else {
            throw DaemonError(
                .model, "\(directory) needs a language model (labels en,de,fr,zh) and a number model (labels 0…99)")
        }
        self.language = language
        self.number = number
        do {
            let cycleModel = CycleModel(profile: profile)
            languageRun = try BudgetedInvocation(interpreter: language.interpreter, cycleModel: cycleModel)
            numberRun = try BudgetedInvocation(interpreter: number.interpreter, cycleModel: cycleModel)
        } catch {
            throw DaemonError(.model, "cannot price the models in \(directory) on \(profile.name): \(error)")
        }
    }

    /// The streaming front end both models read.
    public var frontEnd: FrontEndConfig { recognizer.frontEnd }

    /// The models as the `hello` event describes them.
    public var summaries: [Hello.ModelSummary] {
        [("language", language), ("number", number)].map { name, model in
            Hello.ModelSummary(
                name: name, labels: model.labels, bytes: model.fileBytes, arenaBytes: model.interpreter.arenaUsed,
                cycles: model.inferenceCycles,
                latencyMs: recognizer.profile.seconds(cycles: model.inferenceCycles) * 1e3)
        }
    }

    /// The timeline's stages for one utterance's log-mel frames: trim them as `Recognizer.recognize` does, finish
    /// the features for each model (top_db, normalising, fitting, quantizing), then run it op by op.
    func stages(for frames: FeatureMatrix) -> [DeviceTimeline.Stage] {
        let heard = recognizer.trimmed(frames)
        return [(language, languageRun), (number, numberRun)].flatMap { model, run -> [DeviceTimeline.Stage] in
            let features = model.extractor.finalize(heard)
            return [
                .fixed(cycles: FrontEndCost.finalizeCycles(model.frontEnd)),
                // `finalize` gives exactly the model's input shape, which `setInput` checks; it cannot throw here.
                .inference(run, prepare: { try? model.setInput(features) }),
            ]
        }
    }
}
