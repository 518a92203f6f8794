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
        _ samples: [Float], minimumConfidence: Double = 0
    ) throws -> (events: [Event], status: Status, heartbeats: Int, models: LoadedModels) {
        let directory = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try DaemonFixture.wav(samples)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let models = try LoadedModels(directory: directory.path, profile: .nrf52840)
        let source = try AudioSource(.file(path, realtime: false), sampleRate: 16000)
        try source.start()
        let pipeline = try Pipeline(
            source: source, models: models, profile: .nrf52840, minimumConfidence: minimumConfidence,
            makeSegmenter: { config in ThresholdSegmenter(mels: config.mels) })
        var events: [Event] = []
        var heartbeats = 0
        try pipeline.run(sink: { events.append($0) }, heartbeat: { heartbeats += 1 })
        return (events, pipeline.status, heartbeats, models)
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
        #expect(utterances.count == speech.count)
        // The reference: the stream as the file holds it (16-bit), each utterance's frames computed offline.
        let stored = try WAVFile(contentsOf: DaemonFixture.wav(samples)).samples
        let config = models.frontEnd
        let extractor = try FeatureExtractor(config: config)
        let recognizer = models.recognizer
        for (utterance, range) in zip(utterances, speech) {
            // Frames start every hop; the event's times are its first and end frames' starts.
            #expect(abs(utterance.start - Double(range.lowerBound) / 16000) <= 2 * Double(config.hop) / 16000)
            #expect(abs(utterance.end - Double(range.upperBound) / 16000) <= 2 * Double(config.hop) / 16000)
            let first = Int((utterance.start * 16000).rounded()) / config.hop
            let end = Int((utterance.end * 16000).rounded()) / config.hop
            let samples = Array(stored[(first * config.hop)..<((end - 1) * config.hop + config.nFFT)])
            let frames = samples.withUnsafeBufferPointer { extractor.logMel(of: $0) }
            #expect(frames.frameCount == end - first)
            let offline = try recognizer.recognize(logMel: frames)
            #expect(utterance.language.label == offline.language?.label)
            #expect(utterance.language.confidence == offline.language?.confidence)
            #expect(String(utterance.number.value) == offline.number?.label)
            #expect(utterance.number.confidence == offline.number?.confidence)
            // On the chip: finishing the features for both models plus both inferences, after the utterance.
            let finish = 2 * recognizer.frontEndCost.finalizeCycles(values: 49 * 10)
            let inference = models.language.inferenceCycles + models.number.inferenceCycles
            #expect(utterance.device.cycles == finish + inference)
            #expect(utterance.device.latencyMs >= DeviceProfile.nrf52840.seconds(cycles: finish + inference) * 1e3)
            #expect(utterance.device.budgetOK)
            #expect(utterance.device.energyMicrojoules > 0)
        }
        #expect(status.utterances == 2)
        #expect(status.budgetOverruns == 0)
        #expect(status.frames == (stored.count - config.nFFT) / config.hop + 1)
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
        // The second utterance ends 180 ms after the first, before the chip has run two DS-CNNs (over 300 ms).
        let (samples, _) = DaemonFixture.stream([(0.5, 0.6), (0.08, 0.1)])
        let (events, status, _, _) = try Self.run(samples)
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
