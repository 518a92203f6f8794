import Foundation

/// Where an utterance's speech is: from the first to the last level within `thresholdDB` of the loudest.
///
/// This is the corpus's rule (SpokeN-100's): `SilenceTrimmer` applies it to the standard deviations of 20 ms
/// windows of a clip, `Recognizer` to the energies of an utterance's log-mel frames. One implementation and one
/// setting for both, so the models hear served utterances cut as their training clips were.
public enum SpeechSpan {
    /// How far below the loudest level speech still counts, in dB: the corpus's setting.
    public static let thresholdDB = 40.0
    /// How much signal is kept before the first and after the last speech window or frame, in seconds: the corpus's
    /// setting.
    public static let marginSeconds = 0.05

    /// `marginSeconds` in whole samples at `sampleRate`.
    public static func marginSamples(sampleRate: Int) -> Int {
        Int((marginSeconds * Double(sampleRate)).rounded(.down))
    }

    /// The indices of the first through the last of `amplitudes` (linear amplitudes: a standard deviation, an RMS)
    /// above the loudest times `10^(−thresholdDB / 20)`; nil when there are none or all are zero.
    public static func indices(of amplitudes: [Double], thresholdDB: Double) -> ClosedRange<Int>? {
        guard let loudest = amplitudes.max(), loudest > 0 else { return nil }
        let threshold = loudest * pow(10, -thresholdDB / 20)
        guard let first = amplitudes.firstIndex(where: { $0 > threshold }),
            let last = amplitudes.lastIndex(where: { $0 > threshold })
        else { return nil }
        return first...last
    }
}
