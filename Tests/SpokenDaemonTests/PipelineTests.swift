import Foundation
import SpokenAudio
import SpokenDSP
import SpokenDaemon
import SpokenNN
import SpokenRecognition
import Testing

@Suite("pipeline")
struct PipelineTests {
    /// Runs a pipeline over `samples` (as a WAV file, as fast as possible) and returns its events and final status.
    static func run(
        _ samples: [Float], minimumConfidence: Double = 0, profile: DeviceProfile = .nrf52840
    ) throws -> (events: [Event], status: Status, heartbeats: Int, models: LoadedModels) {
        let directory = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try DaemonFixture.wav(samples)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let models = try LoadedModels(directory: directory.path, profile: profile)
        let source = try AudioSource(.file(path, realtime: false), sampleRate: 16000)
        try source.start()
        let pipeline = try Pipeline(
            source: source, models: models, profile: profile, minimumConfidence: minimumConfidence)
        var events: [Event] = []
        var heartbeats = 0
        try pipeline.run(sink: { events.append($0) }, heartbeat: { heartbeats += 1 })
        return (events, pipeline.status, heartbeats, models)
    }

    /// What the events of `samples` must be, computed offline without the pipeline: the whole stream's log-mel
    /// frames at once, SpokenDSP's segmenter over them, the recognizer on each utterance's frames (streaming frames
    /// equal offline frames bit for bit, so the answers must be equal too).
    static func expected(_ samples: [Float], models: LoadedModels) throws -> [(start: Double, end: Double, Recognition)]
    {
        let extractor = try FeatureExtractor(config: models.frontEnd)
        let frames = samples.withUnsafeBufferPointer { extractor.logMel(of: $0) }
        let segmenter = try UtteranceSegmenter(frontEnd: models.frontEnd)
        var found: [(Double, Double, FeatureMatrix)] = []
        let report: (SegmenterEvent) -> Void = { event in
            if case .utterance(let utterance) = event {
                found.append(
                    (
                        Double(utterance.speechSamples.lowerBound) / 16000,
                        Double(utterance.speechSamples.upperBound) / 16000, utterance.matrix()
                    ))
            }
        }
        frames.values.withUnsafeBufferPointer { values in
            for t in 0..<frames.frameCount {
                segmenter.push(
                    UnsafeBufferPointer(rebasing: values[(t * frames.melCount)..<((t + 1) * frames.melCount)]), report)
            }
        }
        segmenter.finish(report)
        return try found.map { ($0.0, $0.1, try models.recognizer.recognize(logMel: $0.2)) }
    }

    @Test("each utterance gives speech and silence transitions and one event with what the recognizer computes offline")
    func utterancesAsRecognizedOffline() throws {
        let (samples, speech) = DaemonFixture.stream([(0.5, 1.0), (0.7, 0.8)])
        let (events, status, heartbeats, models) = try Self.run(samples)
        let utterances = events.compactMap { event -> UtteranceEvent? in
            if case .utterance(let utterance) = event { return utterance }
            return nil
        }
        let transitions = events.compactMap { event -> VoiceActivity.State? in
            if case .vad(let activity) = event { return activity.state }
            return nil
        }
        #expect(transitions == [.speech, .silence, .speech, .silence])
        let stored = try WAVFile(contentsOf: DaemonFixture.wav(samples)).samples
        let expected = try Self.expected(stored, models: models)
        #expect(utterances.count == speech.count)
        #expect(expected.count == speech.count)
        for (utterance, (start, end, offline)) in zip(utterances, expected) {
            #expect(utterance.start == start)
            #expect(utterance.end == end)
            #expect(utterance.language.label == offline.language?.label)
            #expect(utterance.language.confidence == offline.language?.confidence)
            #expect(String(utterance.number.value) == offline.number?.label)
            #expect(utterance.number.confidence == offline.number?.confidence)
            // On the chip: finishing the features for both models plus both inferences, after the utterance.
            let finish = 2 * 49 * 10 * models.recognizer.frontEndCost.finalizeCyclesPerValue
            let inference = models.language.inferenceCycles + models.number.inferenceCycles
            #expect(utterance.device.cycles == finish + inference)
            #expect(utterance.device.latencyMs >= DeviceProfile.nrf52840.seconds(cycles: finish + inference) * 1e3)
            #expect(utterance.device.budgetOK)
            #expect(
                utterance.device.energyMicrojoules == DeviceProfile.nrf52840.joules(cycles: finish + inference) * 1e6)
        }
        // The segmenter finds the speech where it is (its own accuracy is SpokenDSP's to test).
        for (utterance, range) in zip(utterances, speech) {
            #expect(abs(utterance.start - Double(range.lowerBound) / 16000) < 0.1)
            #expect(abs(utterance.end - Double(range.upperBound) / 16000) < 0.1)
        }
        #expect(status.utterances == 2)
        #expect(status.budgetOverruns == 0)
        #expect(status.frames == (stored.count - models.frontEnd.nFFT) / models.frontEnd.hop + 1)
        #expect(heartbeats > 0)
    }

    @Test("utterances below --min-confidence are counted, not reported")
    func minimumConfidence() throws {
        let (samples, _) = DaemonFixture.stream([(0.5, 1.0), (0.7, 0.8)])
        let (events, status, _, _) = try Self.run(samples, minimumConfidence: 1.01)
        #expect(!events.contains { if case .utterance = $0 { true } else { false } })
        #expect(status.rejected == 2)
        #expect(status.utterances == 0)
    }

    @Test("speech closer than the chip can classify is reported with budget_ok false and counted")
    func budgetOverrun() throws {
        // At 16 MHz the chip needs about 1.5 s for the two DS-CNNs; the second utterance ends 0.7 s after the first.
        let (samples, _) = DaemonFixture.stream([(0.5, 0.6), (0.3, 0.4)])
        let (events, status, _, _) = try Self.run(samples, profile: DeviceProfile.nrf52840.withClock(hz: 16_000_000))
        let budgets = events.compactMap { event -> Bool? in
            if case .utterance(let utterance) = event { return utterance.device.budgetOK }
            return nil
        }
        #expect(budgets == [true, false])
        let latencies = events.compactMap { event -> Double? in
            if case .utterance(let utterance) = event { return utterance.device.latencyMs }
            return nil
        }
        #expect(latencies.count == 2 && latencies[1] > latencies[0])
        #expect(status.budgetOverruns == 1)
    }
}
