import Foundation
import SpokenAudio
import SpokenDSP
import SpokenNN
import SpokenRecognition
import TestSupport
import Testing

@Suite("Recognizer")
struct RecognizerTests {
    private func model(metadata: ModelMetadata = RecognitionFixture.metadata) throws -> RecognitionModel {
        let bytes = try RecognitionFixture.modelBytes(metadata: metadata)
        return try RecognitionModel(
            model: ModelReader.read(bytes), name: "kws.tflite", fileBytes: bytes.count, profile: .nrf52840)
    }

    @Test(
        "a WAV file at any rate gets the answer librosa features and tflite-micro give",
        .enabled(if: PythonReference.isAvailable), arguments: [16000, 22050])
    func matchesReference(sampleRate: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-recognizer-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelPath = directory.appendingPathComponent("kws.tflite").path
        let wavPath = directory.appendingPathComponent("speech.wav").path
        let configPath = directory.appendingPathComponent("frontend.json").path
        try Data(RecognitionFixture.modelBytes()).write(to: URL(fileURLWithPath: modelPath))
        try RecognitionFixture.frontEnd.json().write(to: URL(fileURLWithPath: configPath))
        let signal = RecognitionFixture.signal(sampleRate: sampleRate, seconds: 1.3, seed: 3)
        try WAVFile(sampleRate: sampleRate, channelCount: 1, samples: signal).write(to: wavPath, as: .float32)

        let recognizer = try Recognizer(
            models: [RecognitionModel(path: modelPath, profile: .nrf52840)], profile: .nrf52840)
        let wav = try WAVFile(contentsOf: wavPath)
        let mine = try #require(try recognizer.recognize(signal: wav.samples, sampleRate: wav.sampleRate).language)

        struct Reference: Decodable {
            var probabilities: [Double]
            var index: Int
            var input: [Int]
        }
        let reference = try JSONDecoder().decode(
            Reference.self,
            from: Data(PythonReference.run("recognition_reference.py", [modelPath, wavPath, configPath]).utf8))
        // The features agree to ~1e-4 dB; an input value on a rounding boundary may land one step away.
        #expect(Set(reference.input).count > 20, "the fixture's input must not be saturated")
        #expect(mine.probabilities.count == 12)
        let worst = zip(mine.probabilities, reference.probabilities).map { abs($0 - $1) }.max() ?? 1
        #expect(worst <= 3.0 / 256, "probabilities differ by \(worst)")
        #expect(mine.index == reference.index)
        #expect(mine.label == RecognitionFixture.labels[reference.index])
    }

    @Test("streamed frames and a whole signal give the same answer")
    func framesEqualSignal() throws {
        let recognizer = try Recognizer(models: [model()], profile: .nrf52840)
        let signal = RecognitionFixture.signal(sampleRate: 16000, seconds: 1.1, seed: 9)
        let whole = try recognizer.recognize(signal: signal, sampleRate: 16000)
        let extractor = try FeatureExtractor(config: recognizer.frontEnd)
        var frames = try extractor.push(Array(signal[..<5000]))
        frames.values += try extractor.push(Array(signal[5000...])).values
        let streamed = try recognizer.recognize(
            logMel: FeatureMatrix(frameCount: frames.values.count / 10, melCount: 10, values: frames.values))
        #expect(streamed == whole)
        #expect(whole.number == nil && whole.language != nil)
    }

    @Test("quiet noise around a loud burst is cut as the corpus cuts clips: the models see the trimmed burst")
    func trimsLikeTheCorpus() throws {
        // 0.6 s of noise 60 dB down, a 0.32 s burst, 0.6 s of the same noise; edges on hops (320 samples). Frames are
        // 512 samples: frame 29 holds 192 burst samples (speech), frame 28 none (noise, 60 dB down), likewise frame
        // 45 holds the burst's last 320 samples and frame 46 none. So speech is frames 29…45; 50 ms is 2.5 hops,
        // rounded to 3 frames of margin: frames 26…48, i.e. samples 26·320 ..< 48·320 + 512 of the signal.
        var random = SplitMix64(seed: 5)
        func noise(_ count: Int, _ amplitude: Float) -> [Float] {
            (0..<count).map { _ in amplitude * (Float(random.next() % 2001) / 1000 - 1) }
        }
        let signal = noise(9600, 0.0005) + noise(5120, 0.5) + noise(9600, 0.0005)
        let model = try model()
        let recognizer = try Recognizer(models: [model], profile: .nrf52840)
        let extractor = try FeatureExtractor(config: recognizer.frontEnd)
        let frames = signal.withUnsafeBufferPointer { extractor.logMel(of: $0) }

        let expected = model.extractor.features(of: Array(signal[(26 * 320)..<(48 * 320 + 512)]))
        #expect(model.extractor.finalize(recognizer.trimmed(frames)) == expected)
        #expect(model.extractor.features(of: signal) != expected, "the untrimmed utterance must look different")
        let heard = try recognizer.recognize(signal: signal, sampleRate: 16000)
        #expect(heard.language == (try model.classify(features: expected)))
        #expect(heard.device.frames == frames.frameCount, "the chip still computes every frame")
    }

    @Test("device cost: inference as `spokend inspect` prices it, latency and energy from the profile")
    func deviceCost() throws {
        let model = try model()
        let recognizer = try Recognizer(models: [model], profile: .nrf52840)
        let signal = RecognitionFixture.signal(sampleRate: 16000, seconds: 1.0, seed: 1)
        let device = try recognizer.recognize(signal: signal, sampleRate: 16000).device
        let inspection = try Inspection(
            model: model.model, name: "kws", modelBytes: model.fileBytes, profile: .nrf52840)
        #expect(device.inferenceCycles == inspection.totals.cycles)
        // librosa's frame count for 1 s at n_fft 512, hop 320, not centred.
        #expect(device.frames == 1 + (16000 - 512) / 320)
        let cost = recognizer.frontEndCost
        #expect(device.frontEndCycles == device.frames * cost.cyclesPerFrame)
        #expect(device.finalizeCycles == 49 * 10 * cost.finalizeCyclesPerValue)
        #expect(device.latencyCycles == cost.cyclesPerFrame + device.finalizeCycles + device.inferenceCycles)
        #expect(abs(device.latencyMilliseconds - Double(device.latencyCycles) / 64_000) < 1e-9)
        // 52 µA/MHz at 3.0 V: 0.156 nJ per cycle.
        #expect(abs(device.energyMicrojoules - Double(device.cycles) * 0.156e-3) < 1e-6)
        #expect(abs(cost.dutyCycle - Double(cost.cyclesPerFrame) / (64e6 * 0.02)) < 1e-12)
    }

    @Test("a model that subtracts each mel band's mean shares the stream and costs 9 more cycles per value to finish")
    func melMeanNormalization() throws {
        var numberMetadata = RecognitionFixture.metadata
        numberMetadata.labels = (0..<12).map(String.init)
        numberMetadata.frontEnd.normalize = .melMean
        let language = try model()
        let number = try model(metadata: numberMetadata)
        let recognizer = try Recognizer(models: [language, number], profile: .nrf52840)
        let signal = RecognitionFixture.signal(sampleRate: 16000, seconds: 1.0, seed: 4)
        let result = try recognizer.recognize(signal: signal, sampleRate: 16000)
        let plain = recognizer.frontEndCost.finalizeCyclesPerValue
        #expect(result.device.finalizeCycles == 49 * 10 * plain + 49 * 10 * (plain + 9))

        // Each model finishes the shared frames its own way: the number model sees every band at mean zero.
        let frames = try #require(try FeatureExtractor(config: recognizer.frontEnd).push(signal))
        let finished = number.extractor.finalize(recognizer.trimmed(frames))
        #expect(result.number == (try number.classify(features: finished)))
        #expect(
            result.language
                == (try language.classify(features: language.extractor.finalize(recognizer.trimmed(frames)))))
        #expect(finished != language.extractor.finalize(recognizer.trimmed(frames)))
    }

    @Test("two models share one arena as on the chip; two models of one task are refused")
    func sharing() throws {
        var numberMetadata = RecognitionFixture.metadata
        numberMetadata.labels = (0..<12).map(String.init)
        let language = try model()
        let number = try model(metadata: numberMetadata)
        let recognizer = try Recognizer(models: [number, language], profile: .nrf52840)
        #expect(recognizer.language === language && recognizer.number === number)
        let head = language.interpreter.plan.size
        #expect(recognizer.sharedArenaBytes == head + 2 * language.interpreter.accounting.tail)
        #expect(recognizer.sharedArenaBytes < 2 * language.interpreter.arenaUsed)
        let result = try recognizer.recognize(
            signal: RecognitionFixture.signal(sampleRate: 16000, seconds: 1, seed: 2), sampleRate: 16000)
        #expect(result.language?.index == result.number?.index)
        #expect(result.device.inferenceCycles == 2 * language.inferenceCycles)

        let error = #expect(throws: RecognitionError.self) {
            try Recognizer(models: [language, self.model()], profile: .nrf52840)
        }
        #expect(error?.code == .incompatibleModel)
    }

    @Test("models whose front ends differ beyond frames, fit and top_db cannot share a stream")
    func differentFrontEnds() throws {
        var other = RecognitionFixture.metadata
        other.labels = (0..<12).map(String.init)
        other.frontEnd.hop = 160
        let error = #expect(throws: RecognitionError.self) {
            try Recognizer(models: [self.model(), self.model(metadata: other)], profile: .nrf52840)
        }
        #expect(error?.description.contains("different front ends") == true)
    }

    @Test("labels that do not match the output are refused")
    func labelMismatch() throws {
        var metadata = RecognitionFixture.metadata
        metadata.labels = ["en", "de", "fr", "zh"]
        let error = #expect(throws: RecognitionError.self) { try self.model(metadata: metadata) }
        #expect(error?.description.contains("there are 4 labels") == true)
    }

    @Test("a folder without models says which files it expected")
    func noModels() throws {
        let error = #expect(throws: RecognitionError.self) {
            try Recognizer(directory: FileManager.default.temporaryDirectory.path, profile: .nrf52840)
        }
        #expect(error?.code == .noModels)
        #expect(error?.description.contains("language.tflite and/or number.tflite") == true)
    }
}

@Suite("RecognitionRecord")
struct RecognitionRecordTests {
    @Test("any file name and message survive as JSON strings; the keys keep the documented order")
    func escaping() throws {
        let name = "dir/\"quoted\" \\ back\nline\u{1}.wav"
        let line = RecognitionRecord(file: name, error: "bad\tthing").json()
        #expect(line.hasPrefix("{\"file\":\"dir/\\\"quoted\\\" \\\\ back\\nline\\u0001.wav\",\"error\":"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object == ["file": name, "error": "bad\tthing"])
    }
}

@Suite("FrontEndCost")
struct FrontEndCostTests {
    @Test("16 kHz, 512-point frames every 10 ms, 40 mels: the figures FrontEndCost documents")
    func documentedFigures() {
        let cost = FrontEndCost(
            config: FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40), profile: .nrf52840)
        let cycles = Dictionary(uniqueKeysWithValues: cost.stages.map { ($0.name, $0.cycles) })
        #expect(cycles["window"] == 2816)  // 512 × 5.5
        #expect(cycles["fft"] == 33382)  // 13.8 × 256 × log2(256) + 20 × 256
        #expect(cycles["power"] == 1542)  // 257 × 6
        #expect(abs(Double(cost.cyclesPerFrame) / 42_700 - 1) < 0.01)
        #expect(abs(cost.dutyCycle - 0.067) < 0.001)
        #expect(Double(cycles["fft"]!) / Double(cost.cyclesPerFrame) > 0.75)
        // Magnitude instead of power adds a square root per bin.
        var magnitude = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)
        magnitude.power = 1
        let withRoot = FrontEndCost(config: magnitude, profile: .nrf52840)
        #expect(withRoot.stages.first { $0.name == "power" }?.cycles == 257 * 20)
    }
}
