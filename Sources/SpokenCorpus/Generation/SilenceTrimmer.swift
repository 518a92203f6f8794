import Foundation
import SpokenDSP

/// Cuts the silence before and after an utterance down to a fixed margin, found with a rolling standard deviation
/// as SpokeN-100 did.
///
/// The signal's standard deviation over a sliding window marks where speech is: the first and last windows whose
/// deviation is within `thresholdDB` of the loudest window bound the speech. The result is exactly `margin` samples
/// of the original signal (zeros where the original has less) before and after that span, so every clip starts and
/// ends alike whatever pause the synthesizer left.
public struct SilenceTrimmer: Sendable, Equatable {
    /// Samples in the rolling window.
    public var window: Int
    /// How far below the loudest window a window still counts as speech, in dB of standard deviation.
    public var thresholdDB: Double
    /// Samples kept before the first and after the last speech sample.
    public var margin: Int

    public init(window: Int, thresholdDB: Double, margin: Int) {
        self.window = window
        self.thresholdDB = thresholdDB
        self.margin = margin
    }

    /// The corpus setting at `sampleRate`: a 20 ms window, `SpeechSpan`'s threshold (40 dB) and margins (50 ms).
    public init(sampleRate: Int) {
        self.init(
            window: max(1, sampleRate / 50), thresholdDB: SpeechSpan.thresholdDB,
            margin: SpeechSpan.marginSamples(sampleRate: sampleRate))
    }

    /// The samples from the start of the first speech window to the end of the last, or nil for silence.
    public func speech(in signal: [Float]) -> Range<Int>? {
        let width = min(window, signal.count)
        guard width > 0 else { return nil }
        // Prefix sums of x and x² in Double: each window's variance in O(1), no drift over a few seconds of audio.
        var sum = [Double](repeating: 0, count: signal.count + 1)
        var squares = [Double](repeating: 0, count: signal.count + 1)
        for (index, sample) in signal.enumerated() {
            let x = Double(sample)
            sum[index + 1] = sum[index] + x
            squares[index + 1] = squares[index] + x * x
        }
        let count = signal.count - width + 1
        var deviations = [Double](repeating: 0, count: count)
        let n = Double(width)
        for start in 0..<count {
            let mean = (sum[start + width] - sum[start]) / n
            deviations[start] = max(0, (squares[start + width] - squares[start]) / n - mean * mean).squareRoot()
        }
        guard let windows = SpeechSpan.indices(of: deviations, thresholdDB: thresholdDB) else { return nil }
        return windows.lowerBound..<(windows.upperBound + width)
    }

    /// `signal` with its leading and trailing silence cut (or padded with zeros) to `margin`; silence stays as is.
    public func trim(_ signal: [Float]) -> [Float] {
        guard let speech = speech(in: signal) else { return signal }
        let start = speech.lowerBound - margin
        let end = speech.upperBound + margin
        var trimmed = [Float](repeating: 0, count: end - start)
        for index in max(start, 0)..<min(end, signal.count) {
            trimmed[index - start] = signal[index]
        }
        return trimmed
    }

}
