/// How a `center = true` STFT extends the signal by `n_fft / 2` samples on each side, as numpy's `np.pad` modes.
///
/// librosa 0.11's `stft` and `feature.melspectrogram` default to `constant` (zeros); older librosa used `reflect`.
/// The raw value is the JSON name.
public enum PadMode: String, Codable, Sendable, CaseIterable {
    /// Zeros.
    case constant
    /// The signal mirrored about its end samples, which are not repeated (`[a b c] → c b [a b c] b a`).
    case reflect

    /// The sample of `signal` that padded position `index` (which may be negative or past the end) reads.
    ///
    /// `reflect` repeats the mirror image periodically for pads longer than the signal, as `np.pad` does.
    func sample(_ signal: UnsafeBufferPointer<Float>, at index: Int) -> Float {
        if index >= 0 && index < signal.count { return signal[index] }
        switch self {
        case .constant:
            return 0
        case .reflect:
            let count = signal.count
            guard count > 1 else { return count == 1 ? signal[0] : 0 }
            let period = 2 * (count - 1)
            var folded = index % period
            if folded < 0 { folded += period }
            return signal[folded < count ? folded : period - folded]
        }
    }
}
