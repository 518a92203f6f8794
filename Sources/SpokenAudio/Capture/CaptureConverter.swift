import SpokenDSP

/// Turns raw captured frames (any ``CaptureFormat``) into the mono `Float` samples at the front end's rate that go
/// into the ring buffer.
///
/// Integers are scaled exactly as ``WAVFile`` reads them (S16 by 1/32768, S32 by 1/2³¹), so a WAV captured through
/// ALSA gives the same floats as the file read directly. Several channels are averaged (as `WAVFile.mono()`), another
/// rate goes through SpokenDSP's streaming `Resampler`. All buffers are made in `init`; `append` allocates nothing.
/// Not thread-safe: it belongs to the one producer thread.
final class CaptureConverter {
    let format: CaptureFormat
    /// Frames `append` takes at most per call.
    let maximumFrames: Int
    private let resampler: Resampler?
    private let mono: UnsafeMutableBufferPointer<Float>
    private let resampled: UnsafeMutableBufferPointer<Float>

    /// Prepares the conversion from `format` to mono at `outputRate` Hz for chunks of up to `maximumFrames` frames.
    init(format: CaptureFormat, outputRate: Int, maximumFrames: Int) throws(AudioError) {
        self.format = format
        self.maximumFrames = maximumFrames
        if format.sampleRate == outputRate {
            resampler = nil
            resampled = .allocate(capacity: 0)
        } else {
            do {
                let resampler = try Resampler(from: format.sampleRate, to: outputRate)
                self.resampler = resampler
                resampled = .allocate(capacity: resampler.maximumOutputCount(forInputCount: maximumFrames) + 1)
            } catch {
                throw AudioError(.unsupportedFormat, "cannot resample \(format): \(error.detail)")
            }
        }
        mono = .allocate(capacity: maximumFrames)
    }

    deinit {
        mono.deallocate()
        resampled.deallocate()
    }

    /// Converts `frames` frames of raw little-endian samples at `raw` and writes them to `ring`; returns how many
    /// samples it wrote.
    func append(_ raw: UnsafeRawPointer, frames: Int, to ring: RingBuffer) -> Int {
        precondition(frames <= maximumFrames, "more frames than the converter was made for")
        let channels = format.channels
        let scale = 1 / Float(channels)
        for frame in 0..<frames {
            var sum: Float = 0
            for channel in 0..<channels {
                let index = frame * channels + channel
                switch format.sampleType {
                case .int16:
                    sum +=
                        Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: Int16.self)))
                        / 32768
                case .int32:
                    sum +=
                        Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: Int32.self)))
                        / 2_147_483_648
                case .float32:
                    sum += Float(
                        bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
                }
            }
            mono[frame] = channels == 1 ? sum : sum * scale
        }
        let input = UnsafeBufferPointer(rebasing: mono[0..<frames])
        guard let resampler else {
            ring.write(input)
            return frames
        }
        let count = resampler.process(input, into: resampled)
        ring.write(UnsafeBufferPointer(rebasing: resampled[0..<count]))
        return count
    }

    /// At the end of a stream, writes the resampler's last outputs (none without resampling); returns how many.
    func finish(to ring: RingBuffer) -> Int {
        guard let resampler else { return 0 }
        // The outputs still pending are the filter's lookahead, far fewer than a chunk's.
        let count = resampler.flush(into: resampled)
        ring.write(UnsafeBufferPointer(rebasing: resampled[0..<count]))
        return count
    }
}
