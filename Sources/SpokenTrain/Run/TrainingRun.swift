import Foundation
import SpokenCorpus
import SpokenDSP
import SpokenNN
import SpokenRecognition

/// One `spokend train` run: an architecture trained on one fold of a corpus, the checkpoint chosen on the fold's
/// validation speakers, exported as int8 `.tflite`, and measured on the fold's test speakers (float and int8, clean
/// and degraded) and on the chip.
///
/// The test speakers are never looked at before the end: the checkpoint with the best validation accuracy (on a
/// tie the lower validation loss, since a small model's validation accuracy often stops at 100% long before its
/// loss stops falling) is the one exported and reported. Two checkpoints live beside the output: `<out>.ckpt`
/// after every epoch (what `resume` continues from; the last good one when a run diverges or is killed) and
/// `<out>.best.ckpt`. Every epoch's examples come from the data side's deterministic stream, so a resumed run
/// ends with the same weights as an uninterrupted one. Resuming with fewer epochs than the run has done ends it
/// early: nothing more is trained and the best checkpoint so far is exported.
public struct TrainingRun: Sendable {
    public var corpus: TrainingCorpus
    public var task: TrainingTask
    public var architecture: Architecture
    /// How the architecture was named (a preset or a file), for the model's provenance.
    public var architectureName: String
    public var fold: Int
    public var options: TrainingOptions
    public var augmentation: Augmentation
    /// Epochs whose waveform augmentation is made afresh and reused later (`AugmentedStream.variants`).
    public var augmentationVariants: Int
    /// Extra noise recordings for augmentation (`--noise DIR`).
    public var noise: [[Float]]
    public var jobs: Int
    public var cache: FeatureCache
    public var profile: DeviceProfile
    /// Whether a model that does not fit `profile` is still written.
    public var allowOversize: Bool
    /// Whether the test clips are also measured degraded (`Degradation`).
    public var degradedTests: Bool

    public init(
        corpus: TrainingCorpus, task: TrainingTask, architecture: Architecture, architectureName: String, fold: Int,
        options: TrainingOptions, augmentation: Augmentation = Augmentation(), augmentationVariants: Int = 0,
        noise: [[Float]] = [], jobs: Int,
        cache: FeatureCache, profile: DeviceProfile = .nrf52840, allowOversize: Bool = false,
        degradedTests: Bool = true
    ) {
        self.corpus = corpus
        self.task = task
        self.architecture = architecture
        self.architectureName = architectureName
        self.fold = fold
        self.options = options
        self.augmentation = augmentation
        self.augmentationVariants = augmentationVariants
        self.noise = noise
        self.jobs = jobs
        self.cache = cache
        self.profile = profile
        self.allowOversize = allowOversize
        self.degradedTests = degradedTests
    }

    /// Where the checkpoints of a run writing `output` live.
    public static func checkpoints(for output: URL) -> (last: URL, best: URL) {
        (URL(fileURLWithPath: output.path + ".ckpt"), URL(fileURLWithPath: output.path + ".best.ckpt"))
    }

    /// Trains (or, with `resume`, continues), exports to `output` and measures. `progress` hears each epoch after
    /// its checkpoint is written; an error it throws stops the run there, as a kill would.
    public func run(output: URL, resume: Bool, progress: (EpochReport) throws -> Void) throws -> TrainingReport {
        let start = Date()
        // Everything that can be refused is checked before any feature is computed.
        try architecture.validate()
        try options.validate()
        let split = try corpus.split(fold: fold, task: task)
        let config = architecture.frontEnd
        let clean = try cache.features(corpus: corpus, config: config, jobs: jobs)
        let validation = clean.labeled(split.validation, task: task)
        let test = clean.labeled(split.test, task: task)
        for (name, part) in [("validation", validation), ("test", test)] where part.count == 0 {
            throw TrainError(.invalidData, "fold \(fold): none of the \(name) clips can be read")
        }
        let stream = try AugmentedStream(
            corpus: corpus, entries: split.training, task: task, config: config, augmentation: augmentation,
            seed: options.seed, jobs: jobs, recordings: noise, variants: augmentationVariants)

        let (lastURL, bestURL) = Self.checkpoints(for: output)
        let trainer = try resumedTrainer(from: lastURL, resume: resume)
        var best = (metrics: EpochMetrics(loss: .infinity, accuracy: -1, examples: 0), epoch: 0)
        if trainer.epochsDone > 0, let data = try? Data(contentsOf: bestURL) {
            let previous = try Trainer(checkpoint: data)
            best = (try previous.evaluate(validation), previous.epochsDone)
        }
        for epoch in min(trainer.epochsDone, options.epochs)..<options.epochs {
            let epochStart = Date()
            let examples = try stream.examples(epoch: epoch)
            let training = try trainer.trainEpoch(examples, epoch: epoch)
            let checked = try trainer.evaluate(validation)
            try trainer.writeCheckpoint(to: lastURL)
            if checked.accuracy > best.metrics.accuracy
                || (checked.accuracy == best.metrics.accuracy && checked.loss < best.metrics.loss)
            {
                best = (checked, epoch + 1)
                try trainer.writeCheckpoint(to: bestURL)
            }
            try progress(
                EpochReport(
                    epoch: epoch + 1, epochs: options.epochs, training: training, validation: checked,
                    bestEpoch: best.epoch, seconds: Date().timeIntervalSince(epochStart)))
        }

        let chosen = try Trainer(checkpoint: Self.read(bestURL))
        let floatTest = try chosen.evaluate(test)
        let graph = chosen.inferenceGraph()
        let calibration = clean.labeled(Self.calibrationEntries(split.training), task: task)
        let metadata = ModelMetadata(
            frontEnd: config, labels: task.labels,
            provenance: Provenance(
                corpus: corpus.directory.path, fold: fold, folds: corpus.folds.folds.count, seed: options.seed,
                architecture: architectureName))
        let bytes = try Int8Exporter(graph: graph, calibrationFeatures: calibration).write(metadata: metadata)
        let model: Model
        do {
            model = try ModelReader.read(bytes)
        } catch {
            throw TrainError(.export, "the exported model does not read back: \(error)")
        }
        let inspection = try Inspection(
            model: model, name: output.lastPathComponent, modelBytes: bytes.count, profile: profile)
        guard inspection.fits || allowOversize else {
            throw TrainError(
                .export,
                "the model does not fit \(profile.name): \(inspection.problems.joined(separator: "; ")); "
                    + "not written (--allow-oversize writes it anyway)")
        }
        let frontEnd = try FrontEndInspection(
            model: model, name: output.lastPathComponent, inferenceCycles: inspection.totals.cycles, profile: profile)
        do {
            try Data(bytes).write(to: output, options: .atomic)
        } catch {
            throw TrainError(.export, "cannot write \(output.path): \(error.localizedDescription)")
        }

        // The int8 model runs in an arena as large as it needs, so an oversize model is still measured.
        var measuring = profile
        measuring.ramBytes = max(profile.ramBytes, inspection.totals.arenaUsed + profile.ramBytes)
        let recognition = try RecognitionModel(
            model: model, name: output.lastPathComponent, fileBytes: bytes.count, profile: measuring)
        var degraded: [DegradedAccuracy] = []
        if degradedTests {
            for degradation in Degradation.allCases {
                let spoilt = try DegradedFeatures.features(
                    of: split.test, corpus: corpus, task: task, config: config, degradation: degradation, jobs: jobs)
                degraded.append(
                    DegradedAccuracy(
                        degradation: degradation, float: try chosen.evaluate(spoilt.features).accuracy,
                        int8: try Self.accuracy(of: recognition, on: spoilt.features)))
            }
        }
        return TrainingReport(
            task: task, fold: fold, scheme: corpus.scheme, parameters: chosen.parameterCount,
            bestEpoch: best.epoch, epochs: options.epochs, validationAccuracy: best.metrics.accuracy,
            floatTestAccuracy: floatTest.accuracy, int8TestAccuracy: try Self.accuracy(of: recognition, on: test),
            testClips: test.count, degraded: degraded,
            unreadable: (clean.unreadable + stream.unreadable).reduce(into: [UnreadableClip]()) {
                if !$0.contains($1) { $0.append($1) }
            },
            inspection: inspection, frontEnd: frontEnd?.utterance, seconds: Date().timeIntervalSince(start))
    }

    /// A fresh trainer, or the one in `last` when resuming from a checkpoint of this same run.
    private func resumedTrainer(from last: URL, resume: Bool) throws(TrainError) -> Trainer {
        guard resume, FileManager.default.fileExists(atPath: last.path) else {
            return try Trainer(architecture: architecture, classes: task.classCount, options: options)
        }
        let trainer = try Trainer(checkpoint: try Self.read(last))
        // Fewer epochs than the run was started with, when that many are done, ends it early: no more training,
        // the best checkpoint so far is exported.
        var started = options
        started.epochs = trainer.options.epochs
        let endsEarly = options.epochs < started.epochs && trainer.epochsDone >= options.epochs
        guard trainer.architecture == architecture, trainer.classes == task.classCount,
            trainer.options == options || (trainer.options == started && endsEarly)
        else {
            throw TrainError(
                .checkpoint,
                "\(last.path) was written by a run with another architecture, task or options; "
                    + "rerun without --resume to start afresh")
        }
        return trainer
    }

    private static func read(_ url: URL) throws(TrainError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TrainError(.checkpoint, "cannot read checkpoint \(url.path): \(error.localizedDescription)")
        }
    }

    /// Up to 512 training clips spread evenly over the list, for the int8 activation ranges.
    static func calibrationEntries(_ training: [ManifestEntry]) -> [ManifestEntry] {
        let step = max(1, training.count / 512)
        return stride(from: 0, to: training.count, by: step).map { training[$0] }
    }

    /// Share of `data` the int8 model gets right, run in spokend's TFLM-exact interpreter.
    public static func accuracy(of model: RecognitionModel, on data: LabeledFeatures) throws -> Double {
        var correct = 0
        for index in 0..<data.count {
            let features = FeatureMatrix(
                frameCount: data.frames, melCount: data.mels, values: Array(data.example(index)))
            if try model.classify(features: features).index == data.labels[index] { correct += 1 }
        }
        return Double(correct) / Double(max(1, data.count))
    }
}
