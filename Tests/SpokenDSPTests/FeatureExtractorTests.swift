import Foundation
import SpokenDSP
import Testing

@Suite("FeatureExtractor streaming and utterance fitting")
struct FeatureExtractorTests {
    static let streamingConfig = FrontEndConfig(
        sampleRate: 16000, nFFT: 512, hop: 160, mels: 40, log: LogConfig(topDB: 80), frames: 98)

    @Test("streamed frames, finalised, equal offline features bit for bit", arguments: [1, 7, 160, 4096])
    func streamEqualsOffline(chunk: Int) throws {
        let signal = TestSignal.noisyTone(count: 16000, seed: 11)
        let extractor = try FeatureExtractor(config: Self.streamingConfig)
        var values: [Float] = []
        var offset = 0
        while offset < signal.count {
            let part = Array(signal[offset..<min(offset + chunk, signal.count)])
            values += try extractor.push(part).values
            offset += chunk
        }
        let streamed = FeatureMatrix(frameCount: values.count / 40, melCount: 40, values: values)
        #expect(streamed.frameCount == 1 + (16000 - 512) / 160)
        #expect(streamed.frameCount == extractor.frameCount(sampleCount: signal.count))
        #expect(extractor.finalize(streamed) == extractor.features(of: signal))
    }

    @Test("streaming refuses a centred config")
    func centredStreamingThrows() throws {
        var config = Self.streamingConfig
        config.center = true
        let extractor = try FeatureExtractor(config: config)
        #expect(throws: DSPError.self) { _ = try extractor.push([Float](repeating: 0, count: 600)) }
    }

    @Test("top_db raises everything to max − top_db; padding frames take that floor")
    func topDBAndPadding() throws {
        var config = FrontEndConfig(sampleRate: 16000, nFFT: 64, hop: 32, mels: 1, log: LogConfig(topDB: 10), frames: 6)
        let extractor = try FeatureExtractor(config: config)
        let raw = FeatureMatrix(frameCount: 3, melCount: 1, values: [-50, -5, -30])
        #expect(extractor.finalize(raw).values == [-15, -15, -5, -15, -15, -15])
        config.fit = .padOrCropEnd
        #expect(try FeatureExtractor(config: config).finalize(raw).values == [-15, -5, -15, -15, -15, -15])
    }

    @Test("cropping keeps the middle frames or the first frames")
    func cropping() throws {
        var config = FrontEndConfig(sampleRate: 16000, nFFT: 64, hop: 32, mels: 2, frames: 2)
        let raw = FeatureMatrix(frameCount: 5, melCount: 2, values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(try FeatureExtractor(config: config).finalize(raw).values == [2, 3, 4, 5])
        config.fit = .padOrCropEnd
        #expect(try FeatureExtractor(config: config).finalize(raw).values == [0, 1, 2, 3])
        config.frames = 3
        config.fit = .padOrCropCenter
        #expect(try FeatureExtractor(config: config).finalize(raw).values == [2, 3, 4, 5, 6, 7])
    }

    @Test("without top_db, padding is the fixed floor 10·log10(amin) − 10·log10(ref)")
    func fixedFloorPadding() throws {
        let config = FrontEndConfig(
            sampleRate: 16000, nFFT: 64, hop: 32, mels: 1, log: LogConfig(ref: 10, amin: 1e-6), frames: 3)
        let padded = try FeatureExtractor(config: config).finalize(
            FeatureMatrix(frameCount: 1, melCount: 1, values: [3]))
        #expect(padded.values == [-70, 3, -70])
    }

    @Test("silence gives the floor; a signal shorter than a frame gives no frames")
    func silenceAndShortSignals() throws {
        let extractor = try FeatureExtractor(config: FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40))
        let silence = extractor.features(of: [Float](repeating: 0, count: 1000))
        #expect(silence.frameCount == 4 && silence.values.allSatisfy { $0 == -100 })
        #expect(extractor.features(of: [Float](repeating: 0.5, count: 511)).frameCount == 0)
    }
}
