import Foundation
import SpokenCorpus
import SpokenDSP
import SpokenNN
import SpokenRecognition
import SpokenTrain

/// Evaluates one candidate with the proxy budget: trains it on a share of the fold's training clips, quantizes it
/// to int8, and measures the int8 model (in spokend's TFLM-exact interpreter) on the fold's validation speakers of
/// the held-out-voice split — clean, and by default each validation clip once more degraded in one of
/// `Degradation`'s ways (clip i gets degradation i mod 6), so an architecture that only memorizes espeak-ng's
/// voices scores low. The fold's test speakers are never read.
///
/// The training share is chosen by a hash of each clip's path, so every candidate trains on the same clips and
/// every class keeps its share. No augmentation: a proxy ranks architectures, it does not ship them.
///
/// What does not change between candidates is done once per run and kept in the run's `cache/`: the clips decoded
/// and resampled to each sample rate (the degraded copies spoilt once), in `AudioCache`; and the features of each
/// front end, in `FeatureCache`, so a candidate whose front end an earlier one had (a child that kept its parent's)
/// computes no features at all. Both caches hold exactly what the uncached computation makes, so a candidate's
/// training and scores are the same, seed for seed, with a cold or a warm cache.
public struct CandidateEvaluator: Sendable {
    public let config: SearchConfig
    public let space: GenomeSpace
    public let profile: DeviceProfile
    public let corpus: TrainingCorpus
    public let split: FoldSplit
    /// The share of the fold's training clips every candidate trains on.
    public let trainingEntries: [ManifestEntry]
    /// Threads for reading clips and computing features.
    public var jobs: Int

    public init(config: SearchConfig, space: GenomeSpace = GenomeSpace(), jobs: Int) throws {
        self.config = config
        self.space = space
        self.jobs = max(1, jobs)
        profile = try config.deviceProfile()
        corpus = try TrainingCorpus(directory: URL(fileURLWithPath: config.corpus), scheme: .voices)
        split = try corpus.split(fold: config.fold, task: config.task, everyClass: false)
        trainingEntries = Self.share(split.training, config.trainingShare)
    }

    /// The result of evaluating `candidate` of `run`, its int8 model bytes beside it; a candidate that cannot be
    /// trained or measured comes back as a failed record with the reason, never as a thrown error.
    public func evaluate(_ candidate: PlannedCandidate, in run: RunDirectory) -> (CandidateRecord, [UInt8]?) {
        let start = Date()
        let architecture = candidate.genome.architecture(seconds: space.inputSeconds)
        let host = ProcessInfo.processInfo.hostName
        do {
            let earlier = try run.records().filter { $0.generation < candidate.generation }
            let (score, bytes) = try self.score(
                architecture, id: candidate.id,
                seed: StableHash.seed(config.seed, UInt64(candidate.generation), UInt64(candidate.index)),
                stopBelow: Self.hopeless(below: earlier), in: run)
            let record = CandidateRecord(
                planned: candidate, architecture: architecture, status: .ok, accuracy: score.accuracy,
                cleanAccuracy: score.cleanAccuracy, floatAccuracy: score.floatAccuracy, cost: score.cost,
                fitness: config.fitness.value(accuracy: score.accuracy, cost: score.cost),
                seconds: Date().timeIntervalSince(start), featureSeconds: score.featureSeconds,
                trainingSeconds: score.trainingSeconds, epochs: score.epochs, host: host)
            return (record, bytes)
        } catch {
            let record = CandidateRecord(
                planned: candidate, architecture: architecture, status: .failed, error: "\(error)",
                seconds: Date().timeIntervalSince(start), host: host)
            return (record, nil)
        }
    }

    /// The float accuracy after the first epoch at or below which a candidate is hopeless, given the candidates of
    /// earlier generations: half the int8 accuracy of the least accurate network on their Pareto front (nil before
    /// there is a front). That network is the cheapest worth keeping; a newcomer that has learnt not even half as
    /// much after an epoch is not going to reach the front, and its other epochs are saved.
    ///
    /// Only earlier generations count, so a resumed worker draws the line an uninterrupted one drew.
    public static func hopeless(below records: [CandidateRecord]) -> Double? {
        SearchReport.front(records).compactMap(\.accuracy).min().map { $0 / 2 }
    }

    /// The clips a candidate at `sampleRate` trains on and is scored on, from `run`'s cache: made and stored there
    /// when missing. The coordinator calls this for every rate a generation needs before its workers start, so they
    /// do not all decode the same clips at once.
    public func audio(sampleRate: Int, in run: RunDirectory) throws -> (
        training: ClipAudio, clean: ClipAudio, degraded: ClipAudio?
    ) {
        let cache = AudioCache(directory: run.cacheURL.appendingPathComponent("audio"))
        func audio(_ clips: [AudioCache.Clip]) throws -> ClipAudio {
            try cache.audio(of: clips, corpus: corpus, sampleRate: sampleRate, jobs: jobs)
        }
        // Validation clip i once more, spoilt by degradation i mod 6.
        let kinds = Degradation.allCases
        return (
            try audio(trainingEntries.map { AudioCache.Clip($0) }),
            try audio(split.validation.map { AudioCache.Clip($0) }),
            config.degraded
                ? try audio(
                    split.validation.enumerated().map { AudioCache.Clip($1, degradation: kinds[$0 % kinds.count]) })
                : nil
        )
    }

    /// Trains `architecture` with the proxy budget and seed `seed`, quantizes it and scores it; `id` names it in
    /// the model's provenance. Training stops after the first epoch when the float accuracy on the clean validation
    /// clips is at or below `stopBelow` (see `hopeless(below:)`); the rest is done as for any network, so a
    /// stopped candidate still has its int8 score and chip cost.
    public func score(
        _ architecture: Architecture, id: String, seed: UInt64, stopBelow: Double? = nil, in run: RunDirectory
    ) throws -> (ProxyScore, [UInt8]) {
        let frontEnd = architecture.frontEnd
        let task = config.task
        let featureStart = Date()
        let audio = try self.audio(sampleRate: frontEnd.sampleRate, in: run)
        let features = FeatureCache(directory: run.cacheURL.appendingPathComponent("features"))
        func labeled(_ audio: ClipAudio, _ entries: [ManifestEntry]) throws -> LabeledFeatures {
            try features.features(of: audio, config: frontEnd, jobs: jobs).labeled(entries, task: task)
        }
        let training = try labeled(audio.training, trainingEntries)
        let clean = try labeled(audio.clean, split.validation)
        let degraded = try audio.degraded.map { try labeled($0, split.validation) }

        let trainingStart = Date()
        let trainer = try Trainer(
            architecture: architecture, classes: task.classCount,
            options: TrainingOptions(epochs: config.epochs, seed: seed, threads: config.threads))
        var epochs = 0
        while epochs < config.epochs {
            _ = try trainer.trainEpoch(training, epoch: epochs)
            epochs += 1
            if epochs == 1, epochs < config.epochs, let stopBelow, try trainer.evaluate(clean).accuracy <= stopBelow {
                break
            }
        }
        let trainingSeconds = Date().timeIntervalSince(trainingStart)

        let metadata = ModelMetadata(
            frontEnd: frontEnd, labels: task.labels,
            provenance: Provenance(
                corpus: config.corpus, fold: config.fold, folds: corpus.folds.folds.count, searchRun: run.url.path,
                candidate: id, seed: seed, architecture: "search candidate \(id)"))
        let bytes = try Int8Exporter(graph: trainer.inferenceGraph(), calibrationFeatures: Self.prefix(training, 256))
            .write(metadata: metadata)
        let model = try ModelReader.read(bytes)
        let cost = try CostProbe.cost(
            of: model, bytes: bytes.count, parameters: trainer.parameterCount, frontEnd: frontEnd, profile: profile)
        // Scored in an arena as large as it needs: the constraints, not the host, decide what fits.
        var measuring = profile
        measuring.ramBytes += cost.arenaBytes
        let recognizer = try RecognitionModel(model: model, name: id, fileBytes: bytes.count, profile: measuring)
        let cleanAccuracy = try TrainingRun.accuracy(of: recognizer, on: clean)
        let degradedAccuracy = try degraded.map { try TrainingRun.accuracy(of: recognizer, on: $0) }
        let scored = clean.count + (degraded?.count ?? 0)
        let hits = cleanAccuracy * Double(clean.count) + (degradedAccuracy ?? 0) * Double(degraded?.count ?? 0)
        let score = ProxyScore(
            accuracy: hits / Double(max(1, scored)), cleanAccuracy: cleanAccuracy,
            floatAccuracy: try trainer.evaluate(clean).accuracy, cost: cost, epochs: epochs,
            featureSeconds: trainingStart.timeIntervalSince(featureStart), trainingSeconds: trainingSeconds)
        return (score, bytes)
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

    /// The first `count` examples of `data`.
    static func prefix(_ data: LabeledFeatures, _ count: Int) -> LabeledFeatures {
        let kept = min(count, data.count)
        return LabeledFeatures(
            frames: data.frames, mels: data.mels, values: Array(data.values.prefix(kept * data.frames * data.mels)),
            labels: Array(data.labels.prefix(kept)), speakers: Array(data.speakers.prefix(kept)))
    }
}
