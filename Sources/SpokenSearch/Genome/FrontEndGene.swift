import SpokenDSP

/// The front end a candidate listens with: sample rate, window, hop, mel bands and their upper edge.
///
/// Always log-mel (dB, `top_db` 80) over Hann windows of `nFFT` samples, as the daemon computes them; the input
/// covers `GenomeSpace.inputSeconds` of audio, so the frame count follows from the hop. The space keeps it sane
/// where the SpokeN-100 paper's models were not: hop ≤ n_fft (every sample is analysed), fmax ≤ Nyquist and no
/// mel band without an FFT bin (see `GenomeSpace.normalized`).
public struct FrontEndGene: Codable, Sendable, Equatable, Hashable {
    public var sampleRate: Int
    public var nFFT: Int
    public var hop: Int
    public var mels: Int
    /// The mel filterbank's upper edge in Hz.
    public var fmax: Double

    public init(sampleRate: Int, nFFT: Int, hop: Int, mels: Int, fmax: Double) {
        self.sampleRate = sampleRate
        self.nFFT = nFFT
        self.hop = hop
        self.mels = mels
        self.fmax = fmax
    }

    private enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate"
        case nFFT = "n_fft"
        case hop, mels, fmax
    }

    /// Frames of an input of `seconds` seconds.
    public func frames(seconds: Double) -> Int {
        max(1, Int((seconds * Double(sampleRate) / Double(hop)).rounded()))
    }

    /// The config `FeatureExtractor` takes.
    public func config(seconds: Double) -> FrontEndConfig {
        FrontEndConfig(
            sampleRate: sampleRate, nFFT: nFFT, hop: hop, mels: mels, fmax: fmax, log: LogConfig(topDB: 80),
            frames: frames(seconds: seconds))
    }
}
