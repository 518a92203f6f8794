import FuzzDriver
import SpokenAudio

/// Fuzzes `WAVFile(bytes:)`, then mixdown and re-encoding of whatever it accepted.
///
/// Any input must either parse or throw `AudioError`; the sanitizers turn any out-of-bounds read, overflow trap or
/// leak into a finding. Accepted files must also hold no more samples than their bytes can encode, the bound that
/// keeps a hostile header from causing a giant allocation.
@main
enum FuzzWAV {
    static func main() {
        LibFuzzer.run { data, size in
            let bytes = UnsafeRawBufferPointer(start: data, count: size)
            guard let wav = try? WAVFile(bytes: bytes) else { return 0 }
            precondition(wav.samples.count * wav.format.bytesPerSample <= size, "more samples than bytes")
            precondition(wav.mono().frameCount == wav.frameCount, "mixdown changed the frame count")
            if let encoded = try? wav.encoded(as: wav.format) {
                precondition((try? WAVFile(bytes: encoded))?.samples == wav.samples, "re-encoding changed samples")
            }
            return 0
        }
    }
}
