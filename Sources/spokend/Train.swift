import ArgumentParser
import Foundation
import SpokenNN
import SpokenTrain

/// `spokend train`: one architecture trained on a corpus fold, exported as an int8 `.tflite` with its figures.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a language or number model on a corpus fold and export it as an int8 .tflite.",
        discussion: """
            Features come from the model's own front end (the daemon's code) and are cached (--cache); training clips \
            are augmented (speed, pitch and vocal-tract length, tempo, time shift, room reverberation, coloured noise, \
            babble, --noise recordings, telephone and cheap-microphone filters, gain, SpecAugment) afresh for the \
            first --augmentation-variants epochs, whose versions later epochs reuse. The checkpoint with the best \
            accuracy on the fold's validation speakers is exported; the fold's test speakers are only used for the \
            final report: float and int8 accuracy, clean and degraded (noise 20/10 dB, reverb, 8 kHz band limit, ±10% \
            speed), and the chip figures of the profile (arena, flash, cycles, latency after the end of speech with \
            the front end, energy).

            A model that does not fit the profile is not written unless --allow-oversize. Checkpoints go beside \
            the output (OUT.ckpt after every epoch, OUT.best.ckpt); --resume continues a killed run and ends with \
            the same weights as an uninterrupted one; --resume with a smaller --epochs than were done ends a run \
            early and exports its best checkpoint. --cv trains every fold (OUT.fold<k>.tflite) and prints mean \
            ± std. --split voices holds out whole espeak-ng voice variants (timbres) instead of speakers.

            Architectures: the presets \(Architecture.presetNames.joined(separator: ", ")) or a JSON file \
            ({"front_end": {…}, "layers": [{"kind": "conv2d", …}, …]}).

            Examples:
              spokend train --corpus corpus --task language --arch tiny --fold 0 --out language.tflite
              spokend train --corpus corpus --task number --arch arch.json --epochs 40 --out number.tflite
              spokend train --corpus corpus --task number --arch dscnn --out number.tflite --resume
              spokend train --corpus corpus --task language --arch tiny --cv --epochs 10 --out cv/language.tflite
              spokend train --corpus corpus --task number --arch tiny --split voices --noise noises/ --out n.tflite
              echo '{"noiseProbability": 0}' > no-noise.json          # one augmentation left out
              spokend train --corpus corpus --task number --arch arch.json --augmentation no-noise.json --out n.tflite
            """)

    @Option(help: "The corpus folder (manifest.csv, folds.json).") var corpus: String
    @Option(help: "language (en, de, fr, zh) or number (0…99).") var task: TrainingTask
    @Option(help: "A preset name or an architecture JSON file.") var arch: String
    @Option(help: "The fold whose test speakers are held out, 0-based.") var fold = 0
    @Option(name: .customLong("out"), help: "The .tflite file to write.") var output: String
    @Option(help: "Epochs.") var epochs = 30
    @Option(help: "Examples per batch.") var batch = 64
    @Option(help: "Peak learning rate (cosine schedule after a one-epoch warm-up).") var learningRate = 0.003
    @Option(help: "Seed of the initial weights, batch order, augmentation and held-out-voice folds.")
    var seed: UInt64 = 0
    @Option(help: "Threads for features and training shards.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Continue from OUT.ckpt when it exists.") var resume = false
    @Flag(help: "Write the model even when it does not fit the profile.") var allowOversize = false
    @Flag(help: "Train and test every fold; print mean ± std.") var cv = false
    @Option(help: "speakers: the corpus's folds.json; voices: held-out voice variants.")
    var split = SplitScheme.speakers
    @Option(help: "A folder of WAV noise recordings to mix in.") var noise: String?
    @Flag(help: "Train on the clean features only.") var noAugment = false
    @Option(
        help: ArgumentHelp(
            "An augmentation JSON file (probabilities and ranges) to start from instead of the defaults.",
            discussion: "The keys are the probabilities and ranges of the augmentation, e.g. {\"noiseProbability\": 0, "
                + "\"snrDB\": [5, 30]}; absent keys keep their defaults, an unknown key is refused with the list of "
                + "known ones. --augmentation-strength then scales it."))
    var augmentation: String?
    @Option(
        help: ArgumentHelp(
            "How hard to augment, 0…1: scales every augmentation's probability and range.",
            discussion: "1 is the full augmentation; 0.5, the default and the shipped models' recipe, halves each "
                + "probability and each range (noise from 15–30 dB SNR instead of 0–30)."))
    var augmentationStrength = 0.5
    @Option(
        help: ArgumentHelp(
            "Epochs whose augmented audio is made afresh and reused by later epochs (0: every epoch afresh).",
            discussion: "Making the augmented audio is most of an epoch's time; later epochs draw one of the kept "
                + "versions per clip and fresh SpecAugment masks. Each kept version holds every training clip's "
                + "features in memory (about 1 GB for 8 versions of the number task's 9,600 clips)."))
    var augmentationVariants = 8
    @Option(help: "Feature cache folder (default: ~/.cache/spokend/features).") var cache: String?
    @Option(help: "Device profile: nrf52840, cortex-m4, or a JSON file.") var profile = "nrf52840"

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard (0...1).contains(augmentationStrength) else {
            throw ValidationError("--augmentation-strength must be in 0…1, got \(augmentationStrength)")
        }
        guard augmentationVariants >= 0 else {
            throw ValidationError("--augmentation-variants must be 0 (every epoch afresh) or more")
        }
        guard output.hasSuffix(".tflite") else { throw ValidationError("--out must name a .tflite file") }
    }

    func run() throws {
        let architecture: Architecture
        if let preset = Architecture.preset(arch) {
            architecture = preset
        } else {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: arch))
            } catch {
                throw TrainError(
                    .invalidArchitecture,
                    "--arch \(arch) is neither a preset (\(Architecture.presetNames.joined(separator: ", "))) nor a "
                        + "readable file")
            }
            architecture = try Architecture.decode(json: data)
        }
        let corpus = try TrainingCorpus(directory: URL(fileURLWithPath: self.corpus), scheme: split, seed: seed)
        let recordings = try noise.map {
            try NoiseBank.recordings(in: URL(fileURLWithPath: $0), sampleRate: architecture.frontEnd.sampleRate)
        }
        let training = TrainingRun(
            corpus: corpus, task: task, architecture: architecture, architectureName: arch, fold: fold,
            options: TrainingOptions(
                epochs: epochs, batchSize: batch, learningRate: learningRate, seed: seed, threads: jobs),
            augmentation: noAugment ? .none : try augmentationBase().scaled(by: augmentationStrength),
            augmentationVariants: augmentationVariants, noise: recordings ?? [], jobs: jobs,
            cache: FeatureCache(directory: cache.map { URL(fileURLWithPath: $0) } ?? FeatureCache.defaultDirectory),
            profile: try DeviceProfile.named(profile), allowOversize: allowOversize)
        guard cv else {
            let report = try train(training, output: output)
            print(report.text())
            return
        }
        var reports: [TrainingReport] = []
        for fold in corpus.folds.folds.indices {
            var run = training
            run.fold = fold
            let path = String(output.dropLast(".tflite".count)) + ".fold\(fold).tflite"
            let report = try train(run, output: path)
            print(report.text() + "\n")
            reports.append(report)
        }
        print("\(reports.count)-fold cross-validation, \(split.rawValue) split, test accuracy in %:")
        print(CrossValidation(reports: reports).table())
    }

    /// The `--augmentation` file, or the defaults.
    private func augmentationBase() throws -> Augmentation {
        guard let augmentation else { return Augmentation() }
        do {
            return try Augmentation.decode(json: Data(contentsOf: URL(fileURLWithPath: augmentation)))
        } catch let error as TrainError {
            throw TrainError(error.code, "--augmentation \(augmentation): \(error.detail)")
        } catch {
            throw TrainError(.invalidData, "--augmentation \(augmentation): \(error.localizedDescription)")
        }
    }

    /// One fold with progress on standard error: a bar redrawn in place on a terminal, one line per epoch
    /// otherwise.
    private func train(_ run: TrainingRun, output: String) throws -> TrainingReport {
        let terminal = isatty(STDERR_FILENO) != 0
        var spent = 0.0
        let report = try run.run(output: URL(fileURLWithPath: output), resume: resume) { epoch in
            spent += epoch.seconds
            let remaining = spent / Double(epoch.epoch) * Double(epoch.epochs - epoch.epoch)
            let figures = String(
                format: "epoch %d/%d  loss %.3f  train %.1f%%  val %.1f%% (best epoch %d)  %.0f s, ETA %d:%02d",
                epoch.epoch, epoch.epochs, epoch.training.loss, epoch.training.accuracy * 100,
                epoch.validation.accuracy * 100, epoch.bestEpoch, epoch.seconds, Int(remaining) / 60,
                Int(remaining) % 60)
            if terminal {
                let done = 20 * epoch.epoch / epoch.epochs
                let bar = String(repeating: "#", count: done) + String(repeating: ".", count: 20 - done)
                let end = epoch.epoch == epoch.epochs ? "\n" : ""
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] fold \(run.fold) \(figures)\(end)".utf8))
            } else {
                FileHandle.standardError.write(Data("fold \(run.fold) \(figures)\n".utf8))
            }
        }
        return report
    }
}

extension TrainingTask: ExpressibleByArgument {}
