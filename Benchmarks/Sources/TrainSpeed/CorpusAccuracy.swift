import Foundation
import SpokenNN
import SpokenTrain

/// The spokend half of `make bench-train CORPUS=DIR`: one architecture trained on the clean cached features of one
/// fold of a real corpus, its test accuracy after the final epoch and at the best validation epoch, and its speed on
/// those features; the fold's features written as `.npy` so that Keras (Scripts/bench_train.py) trains on the very
/// same values.
///
/// Augmentation is off: spokend's augmentation works on the waveform before the front end, which Keras cannot share,
/// so both sides see each clip's clean features in every epoch. The checkpoint rule is `TrainingRun`'s (best
/// validation accuracy, on a tie the lower validation loss); the test accuracy of every epoch is recorded, so the
/// best epoch's test figure needs no stored checkpoint. Evaluation is not timed: samples per second count
/// `trainEpoch` alone, all epochs but the first.
struct CorpusAccuracy {
    var corpus: URL
    var task: TrainingTask
    var split: SplitScheme
    var fold: Int
    var architectureName: String
    var architecture: Architecture
    var options: TrainingOptions
    /// Where `training|validation|test-features.npy` (`[count, frames, mels]` float32) and `…-labels.npy` (int32)
    /// go; nil writes none.
    var export: URL?

    func run() throws -> [String: Any] {
        // The held-out-voice folds as `spokend train` deals them by default (seed 0) whatever the training seed, so
        // that runs with other seeds vary the training alone, on the same clips.
        let corpus = try TrainingCorpus(directory: corpus, scheme: split, seed: 0)
        let parts = try corpus.split(fold: fold, task: task)
        let clean = try FeatureCache(directory: FeatureCache.defaultDirectory).features(
            corpus: corpus, config: architecture.frontEnd, jobs: options.threads)
        let training = clean.labeled(parts.training, task: task)
        let validation = clean.labeled(parts.validation, task: task)
        let test = clean.labeled(parts.test, task: task)
        if let export {
            try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
            for (name, data) in [("training", training), ("validation", validation), ("test", test)] {
                try NPYFile(shape: [data.count, data.frames, data.mels], values: data.values)
                    .write(to: export.appendingPathComponent("\(name)-features.npy").path)
                try NPYFile(shape: [data.count], values: data.labels.map(Int32.init))
                    .write(to: export.appendingPathComponent("\(name)-labels.npy").path)
            }
        }

        let trainer = try Trainer(architecture: architecture, classes: task.classCount, options: options)
        var epochs: [[String: Any]] = []
        var best = (accuracy: -1.0, loss: Double.infinity, epoch: 0)
        var seconds: [Double] = []
        var cpuSeconds: [Double] = []
        var seen: [Int] = []
        for epoch in 0..<options.epochs {
            let (fitted, epochSeconds, epochCPUSeconds) = try TrainSpeed.timed {
                try trainer.trainEpoch(training, epoch: epoch)
            }
            seconds.append(epochSeconds)
            cpuSeconds.append(epochCPUSeconds)
            seen.append(fitted.examples)
            let checked = try trainer.evaluate(validation)
            let tested = try trainer.evaluate(test)
            if checked.accuracy > best.accuracy || (checked.accuracy == best.accuracy && checked.loss < best.loss) {
                best = (checked.accuracy, checked.loss, epoch + 1)
            }
            epochs.append([
                "epoch": epoch + 1, "training_loss": fitted.loss, "training_accuracy": fitted.accuracy,
                "validation_loss": checked.loss, "validation_accuracy": checked.accuracy,
                "test_accuracy": tested.accuracy, "seconds": seconds[epoch], "cpu_seconds": cpuSeconds[epoch],
            ])
        }
        // A last batch too small for batch norm is left out of an epoch: count what was trained on.
        let timedExamples = Double(seen.dropFirst().reduce(0, +))
        return [
            "architecture": architectureName, "parameters": trainer.parameterCount, "task": task.rawValue,
            "split": split.rawValue, "fold": fold, "batch": options.batchSize, "threads": options.threads,
            "seed": options.seed,
            "examples": ["training": training.count, "validation": validation.count, "test": test.count],
            "epochs": epochs, "best_epoch": best.epoch,
            "final_test_accuracy": epochs.last!["test_accuracy"]!,
            "best_test_accuracy": epochs[best.epoch - 1]["test_accuracy"]!,
            "samples_per_second": timedExamples / seconds.dropFirst().reduce(0, +),
            "samples_per_cpu_second": timedExamples / cpuSeconds.dropFirst().reduce(0, +),
        ]
    }
}
