import Foundation
import SpokenDSP

/// A WAV file's audio in memory: interleaved samples as `Float` in [-1, 1), with its rate and channel count.
///
/// Reading accepts 8/16/24/32-bit PCM and 32/64-bit IEEE float, plain or as `WAVE_FORMAT_EXTENSIBLE`, any channel
/// count and any rate, and skips chunks it does not need. Anything else, and every malformed or hostile file, is a
/// ``AudioError`` with one message that says what is wrong. Writing is atomic: the bytes go to a temporary file beside
/// the target, which is renamed over it only when complete.
///
/// ```swift
/// let speech = try WAVFile(contentsOf: "speech.wav").mono()
/// try speech.write(to: "copy.wav", as: .pcm16)
/// ```
public struct WAVFile: Sendable, Equatable {
    /// Frames per second.
    public let sampleRate: Int
    /// Channels per frame.
    public let channelCount: Int
    /// The samples, interleaved by frame: `samples[frame * channelCount + channel]`.
    public let samples: [Float]
    /// The encoding the samples were read from (or are meant to be written in).
    public let format: WAVSampleFormat

    /// Audio to write or process. `samples.count` must be a multiple of `channelCount`.
    public init(sampleRate: Int, channelCount: Int, samples: [Float], format: WAVSampleFormat = .float32) {
        precondition(sampleRate > 0 && channelCount > 0, "a WAV file needs a positive rate and channel count")
        precondition(samples.count % channelCount == 0, "samples must hold whole frames")
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.samples = samples
        self.format = format
    }

    /// Frames (sample instants) in the file.
    public var frameCount: Int { samples.count / channelCount }

    /// Duration in seconds.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// Parses a complete WAV file image.
    public init(bytes: UnsafeRawBufferPointer) throws(AudioError) {
        self = try WAVDecoder.decode(bytes)
    }

    /// Parses a complete WAV file image.
    public init(bytes: [UInt8]) throws(AudioError) {
        // `withUnsafeBytes` rethrows untyped errors, so the typed error crosses it inside a `Result`.
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(AudioError) in try WAVDecoder.decode(buffer) }
        }
        self = try result.get()
    }

    /// Reads and parses the WAV file at `path`; errors name the file.
    ///
    /// Reads no more than the RIFF header says the file holds (`open`/`read`), so a device or a huge file behind a
    /// small header cannot make it read without end.
    public init(contentsOf path: String) throws(AudioError) {
        do {
            let bytes = try WAVFileReader.readRIFF(path: path)
            self = try WAVFile(bytes: bytes)
        } catch {
            throw AudioError(error.code, "\(path): \(error.detail)")
        }
    }

    /// The audio mixed down to one channel: each frame's channels averaged.
    public func mono() -> WAVFile {
        guard channelCount > 1 else { return self }
        let scale = 1 / Double(channelCount)
        var mixed = [Float](repeating: 0, count: frameCount)
        for frame in 0..<frameCount {
            var sum = 0.0
            for channel in 0..<channelCount { sum += Double(samples[frame * channelCount + channel]) }
            mixed[frame] = Float(sum * scale)
        }
        return WAVFile(sampleRate: sampleRate, channelCount: 1, samples: mixed, format: format)
    }

    /// The most a file may be up-sampled (`rate / sampleRate`): 8000 → 48000 Hz is 6×, 1000 → 16000 Hz 16×.
    /// Beyond it a hostile header (a 1 Hz file) would turn a small file into a giant allocation.
    public static let maximumUpsampling = 16

    /// The audio at `rate` Hz, each channel resampled by SpokenDSP's band-limited `Resampler` (80 dB stopband).
    ///
    /// Rates the resampler cannot do, or up-sampling by more than ``maximumUpsampling``, are `.unsupportedFormat`.
    public func resampled(to rate: Int) throws(AudioError) -> WAVFile {
        guard rate != sampleRate else { return self }
        guard rate > 0, rate <= Self.maximumUpsampling * sampleRate else {
            throw AudioError(
                .unsupportedFormat,
                "cannot resample \(sampleRate) Hz to \(rate) Hz: up-sampling by more than \(Self.maximumUpsampling)× "
                    + "is not supported")
        }
        var channels: [[Float]] = []
        do {
            for channel in 0..<channelCount {
                let samples = stride(from: channel, to: samples.count, by: channelCount).map { self.samples[$0] }
                channels.append(try Resampler.resample(samples, from: sampleRate, to: rate))
            }
        } catch {
            throw AudioError(.unsupportedFormat, error.detail)
        }
        let frames = channels[0].count
        var interleaved = [Float](repeating: 0, count: frames * channelCount)
        for (channel, samples) in channels.enumerated() {
            for frame in 0..<frames { interleaved[frame * channelCount + channel] = samples[frame] }
        }
        return WAVFile(sampleRate: rate, channelCount: channelCount, samples: interleaved, format: format)
    }

    /// The complete file image in `format`.
    ///
    /// Integer formats scale by 2^(bits-1), round to nearest and clip, so reading and writing the same format
    /// gives back the same samples. Non-finite samples, or more audio than a RIFF size field can describe (4 GiB),
    /// are refused.
    public func encoded(as format: WAVSampleFormat) throws(AudioError) -> [UInt8] {
        try WAVEncoder.encode(self, as: format)
    }

    /// Writes the file atomically: a temporary file in the same directory, renamed to `path` once complete, so no
    /// half-written file ever has the final name.
    public func write(to path: String, as format: WAVSampleFormat) throws(AudioError) {
        let bytes = try encoded(as: format)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw AudioError(.io, "\(path): cannot write: \(error.localizedDescription)")
        }
    }
}
