import SpokenDSP

/// A fixed way of spoiling a test clip, for figures that say how a model holds up away from clean espeak-ng audio:
/// noise at 20 and 10 dB SNR, a reverberant room, an 8 kHz band limit, and speech 10% slower or faster.
///
/// Unlike `Augmentation` nothing is drawn per run: the noise and the room of a clip are seeded from its path, so
/// every model is tested on the same copies. The raw value names the copy's folder and the figure in reports.
public enum Degradation: String, CaseIterable, Codable, Sendable {
    /// Pink noise at 20 dB SNR (a quiet office).
    case noise20 = "noise-20db"
    /// Pink noise at 10 dB SNR (a street, a running fan close by).
    case noise10 = "noise-10db"
    /// A room with a 0.5 s reverberation time and 3 dB direct-to-reverberant ratio.
    case reverb
    /// Down to 8 kHz and back: nothing above 3.6 kHz, as a narrow-band phone call.
    case band8kHz = "band-8khz"
    /// Played 10% slower (lower pitch), as a resampled recording.
    case slower = "speed-0.9"
    /// Played 10% faster (higher pitch).
    case faster = "speed-1.1"

    /// The spoilt copy of `samples` at `sampleRate`; `path` (the clip's manifest path) seeds its noise and room.
    public func apply(to samples: [Float], sampleRate: Int, path: String) -> [Float] {
        var hash = StableHash()
        hash.combine(Array(rawValue.utf8))
        hash.combine(Array(path.utf8))
        var random = SplitMix64(seed: hash.value)
        switch self {
        case .noise20, .noise10:
            let noise = ColouredNoise.make(count: samples.count, white: 0, pink: 1, brown: 0, random: &random)
            return Signal.mix(samples, noise: noise, snrDB: self == .noise20 ? 20 : 10)
        case .reverb:
            return Reverberation(rt60: 0.5, directToReverberantDB: 3, sampleRate: sampleRate, random: &random)
                .apply(samples)
        case .band8kHz:
            guard sampleRate > 8000 else { return samples }
            let narrow = Signal.speed(samples, up: 8000, down: sampleRate)
            return Array(Signal.speed(narrow, up: sampleRate, down: 8000).prefix(samples.count))
        case .slower: return Signal.speed(samples, up: 10, down: 9)
        case .faster: return Signal.speed(samples, up: 10, down: 11)
        }
    }
}
