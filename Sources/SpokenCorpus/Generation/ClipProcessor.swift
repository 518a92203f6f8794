import SpokenAudio
import SpokenDSP

/// Turns espeak-ng's output into a corpus clip: resampled from 22,050 Hz to the corpus rate with `Resampler`,
/// silence trimmed to `SilenceTrimmer`'s margin, measured (duration; F0 with `PitchEstimator` at SpokeN-100's
/// 11,025 Hz, frame 512, C2–C7, voiced frames within 50–300 Hz) and encoded as 16-bit mono WAV.
///
/// Keeps its two resamplers from clip to clip (their filters cost more to design than a clip costs to filter), so
/// one processor serves one thread.
struct ClipProcessor {
    let sampleRate: Int
    let trimmer: SilenceTrimmer
    let pitch: PitchEstimator
    private let toCorpusRate: Resampler
    private let toPitchRate: Resampler

    init(sampleRate: Int, nativeRate: Int = Synthesizer.nativeSampleRate) throws(CorpusError) {
        self.sampleRate = sampleRate
        trimmer = SilenceTrimmer(sampleRate: sampleRate)
        do {
            pitch = try PitchEstimator(.paper)
            toCorpusRate = try Resampler(from: nativeRate, to: sampleRate)
            toPitchRate = try Resampler(from: sampleRate, to: Int(PitchEstimator.Configuration.paper.sampleRate))
        } catch {
            throw CorpusError(.invalidOption, "sample rate \(sampleRate) Hz: \(error.detail)")
        }
    }

    /// The clip's samples at `sampleRate`, trimmed, as the 16-bit file will hold them.
    func samples(fromNative native: [Int16]) -> [Float] {
        let resampled = toCorpusRate.process(native.map { Float($0) / 32768 }) + toCorpusRate.flush()
        // Rounded to 16-bit values now, so the F0 and duration describe exactly what is written.
        return trimmer.trim(resampled).map { min(max(($0 * 32768).rounded(), -32768), 32767) / 32768 }
    }

    /// The file image of a clip.
    func encode(_ samples: [Float]) throws(CorpusError) -> [UInt8] {
        do {
            return try WAVFile(sampleRate: sampleRate, channelCount: 1, samples: samples, format: .pcm16)
                .encoded(as: .pcm16)
        } catch {
            throw CorpusError(.io, "cannot encode a clip: \(error.detail)")
        }
    }

    /// The manifest row of a clip.
    func entry(for speaker: Speaker, number: Int, path: String, samples: [Float]) -> ManifestEntry {
        ManifestEntry(
            path: path, language: speaker.language, number: number, speaker: speaker.name, sampleRate: sampleRate,
            durationSeconds: Double(samples.count) / Double(sampleRate),
            f0Hz: pitch.f0(toPitchRate.process(samples) + toPitchRate.flush()),
            settings: speaker.settings)
    }
}
