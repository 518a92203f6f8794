import Foundation
import SpokenAudio
import SpokenCorpus
import SpokenDSP
import SpokenNN
import SpokenRecognition
import SpokenTrain
import Synchronization

/// Evaluates one candidate with the proxy budget: trains it on a share of the fold's training clips, quantizes it
/// to int8, and measures the int8 model (in spokend's TFLM-exact interpreter) on the fold's validation speakers of
/// the held-out-voice split — clean, and by default each validation clip once more degraded in one of
/// `Degradation`'s ways (clip i gets degradation i mod 6), so an architecture that only memorizes espeak-ng's
/// voices scores low. The fold's test speakers are never read.
///
/// The training share is chosen by a hash of each clip's path, so every candidate trains on the same clips and
/// every class keeps its share. No augmentation: a proxy ranks architectures, it does not ship them.
public struct CandidateEvaluator: Sendable {
    public let config: SearchConfig
    public let space: GenomeSpace
    public let profile: DeviceProfile
    public let corpus: TrainingCorpus
    public let split: FoldSplit
    /// Threads for reading clips and computing features.
    public var jobs: Int

    public init(config: SearchConfig, space: GenomeSpace = GenomeSpace(), jobs: Int) throws {
        self.config = config
        self.space = space
        self.jobs = max(1, jobs)
        profile = try config.deviceProfile()
        corpus = try TrainingCorpus(directory: URL(fileURLWithPath: config.corpus), scheme: .voices)
        split = try corpus.split(fold: config.fold, task: config.task)
    }

    /// The result of evaluating `candidate`, its int8 model bytes beside it; a candidate that cannot be trained or
    /// measured comes back as a failed record with the reason, never as a thrown error.
    public func evaluate(_ candidate: PlannedCandidate, runName: String) -> (CandidateRecord, [UInt8]?) {
        let start = Date()
        let architecture = candidate.genome.architecture(seconds: space.inputSeconds)
        let host = ProcessInfo.processInfo.hostName
        do {
            let outcome = try run(candidate, architecture: architecture, runName: runName)
            let record = CandidateRecord(
                planned: candidate, architecture: architecture, status: .ok, accuracy: outcome.accuracy,
                cleanAccuracy: outcome.clean, floatAccuracy: outcome.float, cost: outcome.cost,
                fitness: config.fitness.value(accuracy: outcome.accuracy, cost: outcome.cost),
                seconds: Date().timeIntervalSince(start), host: host)
            return (record, outcome.bytes)
        } catch {
            let record = CandidateRecord(
                planned: candidate, architecture: architecture, status: .failed, error: "\(error)",
                seconds: Date().timeIntervalSince(start), host: host)
            return (record, nil)
        }
    }

    private struct Outcome {
        var accuracy: Double
        var clean: Double
        var float: Double
        var cost: CandidateCost
        var bytes: [UInt8]
    }

    private func run(_ candidate: PlannedCandidate, architecture: Architecture, runName: String) throws -> Outcome {
        let frontEnd = architecture.frontEnd
        let task = config.task
        let training = try clean(Self.share(split.training, config.trainingShare), frontEnd)
        var validation = try clean(split.validation, frontEnd)
        let cleanCount = validation.count
        if config.degraded { validation = Self.joined(validation, try degraded(split.validation, frontEnd)) }

        let seed = StableHash.seed(config.seed, UInt64(candidate.generation), UInt64(candidate.index))
        let trainer = try Trainer(
            architecture: architecture, classes: task.classCount,
            options: TrainingOptions(epochs: config.epochs, seed: seed, threads: config.threads))
        for epoch in 0..<config.epochs { _ = try trainer.trainEpoch(training, epoch: epoch) }

        let calibration = Self.prefix(training, 256)
        let metadata = ModelMetadata(
            frontEnd: frontEnd, labels: task.labels,
            provenance: Provenance(
                corpus: config.corpus, fold: config.fold, folds: corpus.folds.folds.count, searchRun: runName,
                candidate: candidate.id, seed: seed, architecture: "search candidate \(candidate.id)"))
        let bytes = try Int8Exporter(graph: trainer.inferenceGraph(), calibrationFeatures: calibration)
            .write(metadata: metadata)
        let model = try ModelReader.read(bytes)
        let cost = try CostProbe.cost(
            of: model, bytes: bytes.count, parameters: trainer.parameterCount, frontEnd: frontEnd, profile: profile)
        // Scored in an arena as large as it needs: the constraints, not the host, decide what fits.
        var measuring = profile
        measuring.ramBytes += cost.arenaBytes
        let recognizer = try RecognitionModel(
            model: model, name: candidate.id, fileBytes: bytes.count, profile: measuring)
        var hits = [Bool]()
        hits.reserveCapacity(validation.count)
        for index in 0..<validation.count {
            let features = FeatureMatrix(
                frameCount: validation.frames, melCount: validation.mels, values: Array(validation.example(index)))
            hits.append(try recognizer.classify(features: features).index == validation.labels[index])
        }
        let cleanPart = Self.prefix(validation, cleanCount)
        return Outcome(
            accuracy: Double(hits.filter { $0 }.count) / Double(max(1, hits.count)),
            clean: Double(hits.prefix(cleanCount).filter { $0 }.count) / Double(max(1, cleanCount)),
            float: try trainer.evaluate(cleanPart).accuracy, cost: cost, bytes: bytes)
    }

    /// Clean features of `entries` with the candidate's front end.
    private func clean(_ entries: [ManifestEntry], _ frontEnd: FrontEndConfig) throws -> LabeledFeatures {
        try AugmentedStream(
            corpus: corpus, entries: entries, task: config.task, config: frontEnd, augmentation: .none, seed: 0,
            jobs: jobs
        ).examples(epoch: 0)
    }

    /// `entries` each spoilt once (entry i by degradation i mod 6), with the candidate's front end; clips that
    /// cannot be read are left out (as they are from the clean features).
    private func degraded(_ entries: [ManifestEntry], _ frontEnd: FrontEndConfig) throws -> LabeledFeatures {
        let kinds = Degradation.allCases
        // One extractor per job, each used by its job alone.
        nonisolated(unsafe) let extractors = try (0..<jobs).map { _ in try FeatureExtractor(config: frontEnd) }
        let size = (frontEnd.frames ?? 0) * frontEnd.mels
        let rows = Mutex<[Int: [Float]]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            for index in stride(from: job, to: entries.count, by: jobs) {
                let entry = entries[index]
                guard
                    let samples = try? WAVFile(contentsOf: corpus.url(of: entry).path).mono()
                        .resampled(to: frontEnd.sampleRate).samples
                else { continue }
                let spoilt = kinds[index % kinds.count].apply(
                    to: samples, sampleRate: frontEnd.sampleRate, path: entry.path)
                let values = extractors[job].features(of: spoilt).values
                rows.withLock { $0[index] = values }
            }
        }
        let done = rows.withLock { $0 }
        let kept = entries.indices.filter { done[$0] != nil }
        var values: [Float] = []
        values.reserveCapacity(kept.count * size)
        for index in kept { values += done[index]! }
        return LabeledFeatures(
            frames: frontEnd.frames ?? 0, mels: frontEnd.mels, values: values,
            labels: kept.map { config.task.label(of: entries[$0]) }, speakers: kept.map { entries[$0].speaker })
    }

    /// The entries whose path hashes into the first `share` of the range: the same clips for every candidate, and
    /// about `share` of every class.
    static func share(_ entries: [ManifestEntry], _ share: Double) -> [ManifestEntry] {
        guard share < 1 else { return entries }
        return entries.filter { entry in
            var hash = StableHash()
            hash.combine(Array(entry.path.utf8))
            return Double(hash.value % 1_000_000) < share * 1_000_000
        }
    }

    static func joined(_ a: LabeledFeatures, _ b: LabeledFeatures) -> LabeledFeatures {
        LabeledFeatures(
            frames: a.frames, mels: a.mels, values: a.values + b.values, labels: a.labels + b.labels,
            speakers: a.speakers + b.speakers)
    }

    /// The first `count` examples of `data`.
    static func prefix(_ data: LabeledFeatures, _ count: Int) -> LabeledFeatures {
        let kept = min(count, data.count)
        return LabeledFeatures(
            frames: data.frames, mels: data.mels, values: Array(data.values.prefix(kept * data.frames * data.mels)),
            labels: Array(data.labels.prefix(kept)), speakers: Array(data.speakers.prefix(kept)))
    }
}
