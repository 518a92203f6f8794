import Foundation
import SpokenCorpus
import SpokenDSP
import SpokenNN
import SpokenRecognition
import SpokenTrain
import Testing

@Suite("Evaluation")
struct EvaluationTests {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "no such recording" }
    }

    /// A language model (4 classes) and a number model (classes 0…4), exported from the test graphs.
    private func models() throws -> [RecognitionModel] {
        var language = ExportGraphs.metadata(classes: 4)
        language.labels = ["en", "de", "fr", "zh"]
        let specs = [
            ("language.tflite", ExportGraphs.logits(seed: 3), language),
            ("number.tflite", ExportGraphs.classifier(seed: 4), ExportGraphs.metadata(classes: 5)),
        ]
        return try specs.map { name, graph, metadata in
            let bytes = try Int8Exporter(
                graph: graph, calibrationFeatures: ExportGraphs.features(count: 20, classes: 4, seed: 8)
            ).write(metadata: metadata)
            return try RecognitionModel(
                model: ModelReader.read(bytes), name: name, fileBytes: bytes.count, profile: .nrf52840)
        }
    }

    /// 3 speakers × 4 languages × numbers 0…5 (5 is not among the number model's classes).
    private let clips: [LabeledClip] = ["s1", "s2", "s3"].flatMap { speaker in
        Language.allCases.flatMap { language in
            (0...5).map {
                LabeledClip(path: "\(speaker)/\(language)/\($0).wav", language: language, number: $0, speaker: speaker)
            }
        }
    }

    /// Each clip's audio: a seeded chirp-and-noise signal, different per clip; `s3/zh/2.wav` cannot be read.
    private func audio(_ clip: LabeledClip) throws -> TrimmedRecording {
        if clip.path == "s3/zh/2.wav" { throw Unreadable() }
        var random = SplitMix64(seed: UInt64(clip.path.unicodeScalars.reduce(0) { $0 &* 31 &+ Int($1.value) } & 0xFFFF))
        let samples = (0..<4000).map { n -> Float in
            let t = Float(n) / 16000
            let noise = Float(random.next() >> 40) / Float(1 << 24) - 0.5
            return 0.3 * sin(2 * .pi * (300 + 2000 * t) * t * Float(clip.number + 1)) + 0.2 * noise
        }
        return TrimmedRecording(samples: samples, sampleRate: 16000)
    }

    @Test("every clip is scored once per model, the same way classify scores it; the tallies and clip answers agree")
    func tallies() throws {
        let models = try models()
        let evaluation = try Evaluation(name: "synthetic", models: models, clips: clips, audio: audio)
        #expect(evaluation.clips == 72)
        #expect(evaluation.unreadable == [UnreadableClip(path: "s3/zh/2.wav", reason: "no such recording")])

        // The answers, from a separately loaded copy of each model.
        let copies = try self.models()
        for (result, model) in zip(evaluation.models, copies) {
            var confusion = [[Int]](
                repeating: [Int](repeating: 0, count: model.labels.count), count: model.labels.count)
            var correct = 0
            var answers: [Evaluation.ClipAnswer] = []
            for clip in clips where clip.path != "s3/zh/2.wav" {
                let recording = try audio(clip)
                let answer = try model.classify(features: model.features(of: recording.samples, sampleRate: 16000))
                let truth = model.task == .language ? clip.language.rawValue : String(clip.number)
                if answer.label == truth { correct += 1 }
                if let row = model.labels.firstIndex(of: truth) { confusion[row][answer.index] += 1 }
                answers.append(
                    .init(path: clip.path, truth: truth, answer: answer.label, probabilities: answer.probabilities))
            }
            #expect(result.confusion == confusion, "\(result.model)")
            // Per clip, with every class's probability (what --json gives to score digits only, say).
            #expect(result.clipAnswers == answers, "\(result.model)")
            #expect(result.clipAnswers.allSatisfy { $0.probabilities.count == model.labels.count })
            #expect(result.overall == Evaluation.Tally(correct: correct, total: 71))
            #expect(result.perLanguage.values.map(\.total).reduce(0, +) == 71)
            #expect(result.perSpeaker.values.map(\.correct).reduce(0, +) == correct)
            #expect(result.perSpeaker["s3"]?.total == 23)
            let offDiagonal = confusion.enumerated().flatMap { row, counts in
                counts.enumerated().filter { $0.offset != row && $0.element > 0 }.map(\.element)
            }
            #expect(result.confusedPairs.map(\.count) == Array(offDiagonal.sorted(by: >).prefix(10)))
        }
        let number = evaluation.models[1]
        // The 12 clips of number 5 have no class: wrong, and outside the matrix.
        #expect(number.confusion.flatMap { $0 }.reduce(0, +) == 71 - 12)
        #expect(number.overall.accuracy == Double(number.overall.correct) / 71)
        #expect(evaluation.table().contains("number.tflite (number): "))
        #expect(evaluation.confusionSVG(number).hasPrefix("<?xml"))
    }
}
