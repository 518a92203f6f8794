import Foundation
import SpokenCorpus
import SpokenDSP
import SpokenRecognition

/// How well models answer a set of labelled clips: accuracy overall, per language and per speaker, the confusion
/// matrix and the most confused pairs, for each model on its own task (a language model against the clips'
/// languages, a number model against their numbers).
///
/// The clips' audio comes from `audio`, so the same evaluation serves a corpus fold, a user's own recordings, or
/// degraded copies made in memory (noise, reverberation, band-limiting): pass a closure that makes them. A clip
/// whose audio cannot be had is listed in `unreadable` and counted nowhere else.
///
/// Each model runs with its own front end and int8 interpreter, as on the chip; models that share a front end share
/// the features.
public struct Evaluation: Codable, Sendable {
    /// Right answers out of all.
    public struct Tally: Codable, Sendable, Equatable {
        public var correct: Int
        public var total: Int
        public var accuracy: Double { total > 0 ? Double(correct) / Double(total) : 0 }

        public init(correct: Int = 0, total: Int = 0) {
            self.correct = correct
            self.total = total
        }

        mutating func add(_ right: Bool) {
            total += 1
            if right { correct += 1 }
        }
    }

    /// A true class and the wrong answer given for it, with how often.
    public struct ConfusedPair: Codable, Sendable, Equatable {
        public var truth: String
        public var answer: String
        public var count: Int

        public init(truth: String, answer: String, count: Int) {
            self.truth = truth
            self.answer = answer
            self.count = count
        }
    }

    /// One model's answer for one clip, with every class's probability, so a reader of the JSON can score the clips
    /// in ways the tallies do not (only some classes allowed, a confidence threshold) without running the model again.
    public struct ClipAnswer: Codable, Sendable, Equatable {
        /// The clip's path as the manifest gives it.
        public var path: String
        public var truth: String
        public var answer: String
        /// In `labels` order.
        public var probabilities: [Double]

        public init(path: String, truth: String, answer: String, probabilities: [Double]) {
            self.path = path
            self.truth = truth
            self.answer = answer
            self.probabilities = probabilities
        }
    }

    /// One model's results.
    public struct ModelResult: Codable, Sendable {
        public var model: String
        public var task: ModelTask
        public var labels: [String]
        public var overall: Tally
        /// Keyed by language code (`en`) and by speaker id.
        public var perLanguage: [String: Tally]
        public var perSpeaker: [String: Tally]
        /// `confusion[true][answered]`, in `labels` order (clips whose true class is not among the labels are
        /// counted wrong in the tallies and left out here).
        public var confusion: [[Int]]
        /// The largest off-diagonal cells, most frequent first (at most `confusedPairLimit`).
        public var confusedPairs: [ConfusedPair]
        /// Every readable clip's answer, in the order of the clips.
        public var clipAnswers: [ClipAnswer]
    }

    /// How many confused pairs a result lists.
    public static let confusedPairLimit = 10

    /// What was evaluated ("manifest.csv", "fold 3 test speakers", "noise 10 dB").
    public var name: String
    public var clips: Int
    public var unreadable: [UnreadableClip]
    public var models: [ModelResult]

    /// Runs every model on every clip of `clips`, getting each clip's audio from `audio`.
    public init(
        name: String, models: [RecognitionModel], clips: [LabeledClip], audio: (LabeledClip) throws -> TrimmedRecording
    ) throws {
        var results = models.map { model in
            ModelResult(
                model: model.name, task: model.task, labels: model.labels, overall: Tally(), perLanguage: [:],
                perSpeaker: [:],
                confusion: [[Int]](
                    repeating: [Int](repeating: 0, count: model.labels.count), count: model.labels.count),
                confusedPairs: [], clipAnswers: [])
        }
        var unreadable: [UnreadableClip] = []
        for clip in clips {
            let recording: TrimmedRecording
            do {
                recording = try audio(clip)
            } catch {
                unreadable.append(UnreadableClip(path: clip.path, reason: "\(error)"))
                continue
            }
            var features: [(config: FrontEndConfig, matrix: FeatureMatrix)] = []
            for (index, model) in models.enumerated() {
                let matrix: FeatureMatrix
                if let cached = features.first(where: { $0.config == model.frontEnd }) {
                    matrix = cached.matrix
                } else {
                    matrix = try model.features(of: recording.samples, sampleRate: recording.sampleRate)
                    features.append((model.frontEnd, matrix))
                }
                let answer = try model.classify(features: matrix)
                let truth = model.task == .language ? clip.language.rawValue : String(clip.number)
                let right = answer.label == truth
                results[index].overall.add(right)
                results[index].perLanguage[clip.language.rawValue, default: Tally()].add(right)
                results[index].perSpeaker[clip.speaker, default: Tally()].add(right)
                if let row = model.labels.firstIndex(of: truth) { results[index].confusion[row][answer.index] += 1 }
                let clipAnswer = ClipAnswer(
                    path: clip.path, truth: truth, answer: answer.label, probabilities: answer.probabilities)
                results[index].clipAnswers.append(clipAnswer)
            }
        }
        for index in results.indices {
            let result = results[index]
            var pairs: [ConfusedPair] = []
            for (row, counts) in result.confusion.enumerated() {
                for (column, count) in counts.enumerated() where column != row && count > 0 {
                    pairs.append(ConfusedPair(truth: result.labels[row], answer: result.labels[column], count: count))
                }
            }
            pairs.sort { ($0.count, $1.truth, $1.answer) > ($1.count, $0.truth, $0.answer) }
            results[index].confusedPairs = Array(pairs.prefix(Self.confusedPairLimit))
        }
        self.name = name
        self.clips = clips.count
        self.unreadable = unreadable
        self.models = results
    }

    /// The report for people.
    public func table() -> String {
        func percent(_ tally: Tally) -> String {
            String(format: "%.1f%%", tally.accuracy * 100) + " (\(tally.correct)/\(tally.total))"
        }
        var lines = ["\(name): \(clips) clips" + (unreadable.isEmpty ? "" : ", \(unreadable.count) unreadable")]
        for result in models {
            lines.append("")
            lines.append("\(result.model) (\(result.task.rawValue)): \(percent(result.overall))")
            let languages = Language.allCases.map(\.rawValue).filter { result.perLanguage[$0] != nil }
            lines.append(
                "  per language: "
                    + languages.map { "\($0) \(percent(result.perLanguage[$0]!))" }.joined(separator: ", "))
            // Worst speakers first: they are the ones to listen to.
            let speakers = result.perSpeaker.sorted { ($0.value.accuracy, $0.key) < ($1.value.accuracy, $1.key) }
            lines.append("  per speaker:  " + speakers.map { "\($0.key) \(percent($0.value))" }.joined(separator: ", "))
            let pairs = result.confusedPairs.map { "\($0.truth)→\($0.answer) \($0.count)" }
            lines.append("  most confused (true→answered): " + (pairs.isEmpty ? "none" : pairs.joined(separator: ", ")))
        }
        for clip in unreadable { lines.append("unreadable: \(clip.path): \(clip.reason)") }
        return lines.joined(separator: "\n")
    }

    /// `result`'s confusion matrix as an SVG heat map.
    public func confusionSVG(_ result: ModelResult) -> String {
        ConfusionPlot(
            title: "\(result.model) on \(name): \(String(format: "%.1f%%", result.overall.accuracy * 100))",
            labels: result.labels, counts: result.confusion
        ).svg()
    }
}
