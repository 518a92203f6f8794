import Foundation
import SpokenNN
import SpokenRecognition
import SpokenTrain
import Testing

@Suite("spokend train's run")
struct TrainingRunTests {
    struct Stop: Error {}

    static func run(_ tiny: TinyCorpus, epochs: Int = 4, profile: DeviceProfile = .nrf52840) throws -> TrainingRun {
        var architecture = Architecture.preset("tiny")!
        architecture.frontEnd = TinyCorpus.frontEnd
        return TrainingRun(
            corpus: try TrainingCorpus(directory: tiny.directory), task: .language, architecture: architecture,
            architectureName: "tiny", fold: 0,
            options: TrainingOptions(epochs: epochs, batchSize: 8, learningRate: 0.01, seed: 5, threads: 2),
            augmentation: .none, jobs: 2,
            cache: FeatureCache(directory: tiny.directory.appendingPathComponent("cache")),
            profile: profile, degradedTests: false)
    }

    @Test(
        "the exported model runs in the interpreter with its labels, provenance and the validation-chosen epoch (best accuracy, then lowest loss)"
    )
    func exportsTheValidationChoice() throws {
        let tiny = try TinyCorpus()
        defer { tiny.remove() }
        let output = tiny.directory.appendingPathComponent("language.tflite")
        var epochs: [EpochReport] = []
        let report = try Self.run(tiny).run(output: output, resume: false) { epochs.append($0) }
        let model = try RecognitionModel(path: output.path, profile: .nrf52840)
        #expect(model.labels == ["en", "de", "fr", "zh"])
        #expect(model.metadata.provenance?.fold == 0)
        #expect(model.metadata.provenance?.architecture == "tiny")
        #expect(epochs.map(\.epoch) == [1, 2, 3, 4])
        let best = epochs.map(\.validation.accuracy).max()!
        let lowestLoss = epochs.filter { $0.validation.accuracy == best }.min {
            $0.validation.loss < $1.validation.loss
        }
        #expect(report.bestEpoch == lowestLoss!.epoch)
        #expect(report.validationAccuracy == best)
        #expect(report.inspection.fits)
        #expect(report.testClips == 12)
        #expect(report.frontEnd!.latencyMilliseconds > report.inspection.totals.latencyMilliseconds)
    }

    @Test("a run stopped after an epoch and resumed ends with the same weights as an uninterrupted one")
    func resumeEqualsUninterrupted() throws {
        let tiny = try TinyCorpus(speakers: 4, numbers: [0, 1])
        defer { tiny.remove() }
        let whole = tiny.directory.appendingPathComponent("whole.tflite")
        let resumed = tiny.directory.appendingPathComponent("resumed.tflite")
        let run = try Self.run(tiny, epochs: 3)
        _ = try run.run(output: whole, resume: false) { _ in }
        #expect(throws: Stop.self) {
            try run.run(output: resumed, resume: false) { if $0.epoch == 2 { throw Stop() } }
        }
        var seen: [Int] = []
        _ = try run.run(output: resumed, resume: true) { seen.append($0.epoch) }
        #expect(seen == [3])
        let checkpoints = [whole, resumed].map { TrainingRun.checkpoints(for: $0) }
        #expect(try Data(contentsOf: checkpoints[0].last) == Data(contentsOf: checkpoints[1].last))
        #expect(try Data(contentsOf: checkpoints[0].best) == Data(contentsOf: checkpoints[1].best))
        #expect(try Data(contentsOf: whole) == Data(contentsOf: resumed))
    }

    @Test("resuming with fewer epochs than were done exports the best checkpoint so far without training")
    func endEarly() throws {
        let tiny = try TinyCorpus(speakers: 4, numbers: [0])
        defer { tiny.remove() }
        let output = tiny.directory.appendingPathComponent("early.tflite")
        #expect(throws: Stop.self) {
            try Self.run(tiny, epochs: 4).run(output: output, resume: false) { if $0.epoch == 2 { throw Stop() } }
        }
        let best = try Data(contentsOf: TrainingRun.checkpoints(for: output).best)
        var trained: [Int] = []
        let report = try Self.run(tiny, epochs: 2).run(output: output, resume: true) { trained.append($0.epoch) }
        #expect(trained.isEmpty)
        #expect(report.bestEpoch <= 2)
        #expect(try Trainer(checkpoint: best).epochsDone == report.bestEpoch)
        #expect(FileManager.default.fileExists(atPath: output.path))
        let other = #expect(throws: TrainError.self) {
            try Self.run(tiny, epochs: 3).run(output: output, resume: true) { _ in }
        }
        #expect(other?.code == .checkpoint)
    }

    @Test("a model that does not fit the profile is not written unless oversize is allowed")
    func oversizeIsRefused() throws {
        let tiny = try TinyCorpus(speakers: 4, numbers: [0])
        defer { tiny.remove() }
        var small = DeviceProfile.cortexM4()
        small.ramBytes = 2048
        let output = tiny.directory.appendingPathComponent("big.tflite")
        var run = try Self.run(tiny, epochs: 1, profile: small)
        let error = #expect(throws: TrainError.self) { try run.run(output: output, resume: false) { _ in } }
        #expect(error?.description.contains("does not fit") == true)
        #expect(!FileManager.default.fileExists(atPath: output.path))
        run.allowOversize = true
        let report = try run.run(output: output, resume: false) { _ in }
        #expect(!report.inspection.fits)
        #expect(FileManager.default.fileExists(atPath: output.path))
    }
}
