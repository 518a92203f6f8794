import Foundation
import Testing

@testable import SpokenDSP

@Suite("STFT framing")
struct STFTTests {
    /// All frames of `signal` pushed in chunks of `chunk` samples.
    static func streamed(_ stft: STFT, _ signal: [Float], chunk: Int) -> [[Float]] {
        var frames: [[Float]] = []
        signal.withUnsafeBufferPointer { whole in
            var offset = 0
            while offset < whole.count {
                let count = min(chunk, whole.count - offset)
                stft.push(UnsafeBufferPointer(rebasing: whole[offset..<(offset + count)])) { frames.append(Array($0)) }
                offset += count
            }
        }
        return frames
    }

    static func offline(_ stft: STFT, _ signal: [Float], center: Bool = false, padMode: PadMode = .constant)
        -> [[Float]]
    {
        var frames: [[Float]] = []
        signal.withUnsafeBufferPointer {
            stft.forEachFrame(of: $0, center: center, padMode: padMode) { frames.append(Array($0)) }
        }
        return frames
    }

    @Test("streaming frames equal offline frames for any chunking", arguments: [1, 7, 160, 4096])
    func chunkingInvariance(chunk: Int) throws {
        let signal = TestSignal.noisyTone(count: 9001, seed: 3)
        let stft = try STFT(size: 512, hop: 160, window: .hann)
        let offline = Self.offline(stft, signal)
        #expect(offline.count == 1 + (9001 - 512) / 160)
        #expect(Self.streamed(stft, signal, chunk: chunk) == offline)
    }

    @Test(
        "chunking invariance holds at the edges of n_fft and hop",
        arguments: [(64, 1), (64, 64), (256, 255), (2048, 2048), (2048, 7), (1000, 333)])
    func edgeSizes(size: Int, hop: Int) throws {
        let signal = TestSignal.noisyTone(count: 5000, seed: UInt64(size * hop))
        let stft = try STFT(size: size, hop: hop, window: .hamming)
        let offline = Self.offline(stft, signal)
        #expect(offline.count == 1 + (5000 - size) / hop)
        for chunk in [1, 7, 4096] {
            stft.reset()
            #expect(Self.streamed(stft, signal, chunk: chunk) == offline, "chunk \(chunk)")
        }
    }

    @Test("a frame is the real DFT of the windowed samples")
    func frameIsWindowedDFT() throws {
        let size = 64
        let signal = TestSignal.noisyTone(count: size, seed: 9)
        let stft = try STFT(size: size, hop: size, window: .hann)
        let frame = try #require(Self.offline(stft, signal).first)
        let window = Window.hann.values(length: size)
        for k in 0...(size / 2) {
            var re = 0.0
            var im = 0.0
            for n in 0..<size {
                let x = Double(signal[n] * window[n])
                re += x * cos(2 * .pi * Double(k * n) / Double(size))
                im -= x * sin(2 * .pi * Double(k * n) / Double(size))
            }
            #expect(abs(Double(frame[2 * k]) - re) < 1e-5 && abs(Double(frame[2 * k + 1]) - im) < 1e-5, "bin \(k)")
        }
    }

    @Test("periodic windows equal scipy's get_window(fftbins=True) formulas")
    func periodicWindows() {
        let hann = Window.hann.values(length: 8)
        let hamming = Window.hamming.values(length: 8)
        for n in 0..<8 {
            #expect(abs(hann[n] - Float(0.5 - 0.5 * cos(2 * .pi * Double(n) / 8))) < 1e-7)
            #expect(abs(hamming[n] - Float(0.54 - 0.46 * cos(2 * .pi * Double(n) / 8))) < 1e-7)
        }
        #expect(hann[0] == 0 && hann[4] == 1)
    }

    @Test("reflect padding mirrors without repeating the edge, periodically past the signal")
    func reflectPadding() {
        let signal: [Float] = [1, 2, 3]
        let padded = signal.withUnsafeBufferPointer { s in (-5..<8).map { PadMode.reflect.sample(s, at: $0) } }
        // np.pad([1, 2, 3], 5, mode="reflect")
        #expect(padded == [2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2])
    }

    @Test("centred frames are the frames of the padded signal")
    func centredFrames() throws {
        let signal = TestSignal.noisyTone(count: 1000, seed: 5)
        let stft = try STFT(size: 256, hop: 100, window: .hann)
        for mode in PadMode.allCases {
            let padded = signal.withUnsafeBufferPointer { s in (-128..<(1000 + 128)).map { mode.sample(s, at: $0) } }
            let centred = Self.offline(stft, signal, center: true, padMode: mode)
            #expect(centred.count == 1 + 1000 / 100)
            #expect(centred == Self.offline(stft, padded), "\(mode)")
        }
    }

    @Test(
        "invalid sizes are refused with the field named",
        arguments: [(63, 10), (65, 10), (4096, 10), (512, 0), (512, 513)])
    func invalidSizes(size: Int, hop: Int) {
        #expect(throws: DSPError.self) { try STFT(size: size, hop: hop, window: .hann) }
    }
}
