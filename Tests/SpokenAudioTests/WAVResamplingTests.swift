import Foundation
import SpokenAudio
import SpokenDSP
import Testing

@Suite("WAVFile resampling")
struct WAVResamplingTests {
    @Test(
        "each channel goes through the Resampler on its own; a tone stays that tone", arguments: [8000, 44100, 48000])
    func perChannel(rate: Int) throws {
        let frames = rate / 10
        var samples = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            let t = Double(frame) / Double(rate)
            samples[2 * frame] = Float(0.5 * sin(2 * Double.pi * 1000 * t))
            samples[2 * frame + 1] = Float(0.25 * cos(2 * Double.pi * 440 * t))
        }
        let wav = WAVFile(sampleRate: rate, channelCount: 2, samples: samples, format: .pcm16)
        let resampled = try wav.resampled(to: 16000)
        #expect(resampled.sampleRate == 16000 && resampled.channelCount == 2 && resampled.format == .pcm16)
        for channel in 0..<2 {
            let alone = try Resampler.resample(
                stride(from: channel, to: samples.count, by: 2).map { samples[$0] }, from: rate, to: 16000)
            let mine = stride(from: channel, to: resampled.samples.count, by: 2).map { resampled.samples[$0] }
            #expect(mine == alone)
        }
        // Away from the edges (where the filter sees the zeros outside the signal) the tone is the analytic one.
        var worst: Float = 0
        for frame in 200..<(resampled.frameCount - 200) {
            let t = Double(frame) / 16000
            worst = max(worst, abs(resampled.samples[2 * frame] - Float(0.5 * sin(2 * Double.pi * 1000 * t))))
        }
        #expect(worst < 1e-3)
    }

    @Test("rates that would blow up or that the resampler cannot do are an AudioError")
    func refused() throws {
        let slow = WAVFile(sampleRate: 1, channelCount: 1, samples: [0, 1, 0])
        let error = #expect(throws: AudioError.self) { try slow.resampled(to: 16000) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.description.contains("more than 16×") == true)
        let odd = WAVFile(sampleRate: 44101, channelCount: 1, samples: [0, 1, 0])
        #expect(throws: AudioError.self) { try odd.resampled(to: 16000) }
        #expect(try WAVFile(sampleRate: 1000, channelCount: 1, samples: [0, 1]).resampled(to: 16000).frameCount == 32)
    }
}
