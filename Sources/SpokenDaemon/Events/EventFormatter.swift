import Foundation

/// Events as the lines a person reads (`spokend listen`, `spokend watch`):
///
/// ```
/// 00:12.34  de  42   lang 0.97  num 0.91   chip 28 ms
/// 00:15.02  en   7   lang 0.88  num 0.64   chip 41 ms  OVERRUN (the chip was still busy with the last one)
/// ```
///
/// Stream time as minutes:seconds.hundredths of the utterance's start; the language and number with each model's
/// confidence; the device latency after the utterance ended. `--json` prints the protocol's lines instead.
public enum EventFormatter {
    /// One line for `event`, without a newline.
    public static func line(_ event: Event) -> String {
        switch event {
        case .hello(let hello):
            let models = hello.models.map { model in
                "\(model.name) (\(model.labels.count) labels, \(format(model.latencyMs, 1)) ms on \(hello.device))"
            }
            return "spokend \(hello.version): \(models.joined(separator: ", ")); audio \(hello.audio.source) at "
                + "\(hello.audio.sampleRate) Hz"
        case .utterance(let utterance):
            var line =
                "\(clock(utterance.start))  \(utterance.language.label.padding(toLength: 2, withPad: " ", startingAt: 0))"
                + "  \(pad(String(utterance.number.value), 2))   lang \(format(utterance.language.confidence, 2))"
                + "  num \(format(utterance.number.confidence, 2))   chip \(Int(utterance.device.latencyMs.rounded())) ms"
            if !utterance.device.budgetOK { line += "  OVERRUN (the chip was still busy with the last one)" }
            return line
        case .vad(let activity):
            return "\(clock(activity.time))  \(activity.state.rawValue)"
        case .status(let status):
            return "status: \(format(status.streamSeconds, 1)) s of audio, \(status.frames) frames, "
                + "\(status.utterances) utterances (\(status.rejected) below the confidence floor), "
                + "\(status.budgetOverruns) budget overruns, \(status.xruns) xruns, \(status.deviceLosses) device "
                + "losses, \(status.droppedSamples) samples dropped, \(status.clients) clients, "
                + "\(status.droppedEventsTotal) events dropped"
                + (status.capturing
                    ? ""
                    : "; no audio: \(status.audioError ?? "the input ended")"
                        + (status.retrySeconds.map { ", retrying in \(format($0, 2)) s" } ?? ""))
        case .error(let error):
            return "error: \(error.message)"
        }
    }

    /// What `spokend listen` says when it stops: what it heard and what went wrong on the way.
    public static func summary(_ status: Status) -> String {
        "heard \(status.utterances) utterance\(status.utterances == 1 ? "" : "s") in \(format(status.streamSeconds, 1)) s "
            + "(\(status.rejected) below --min-confidence); \(status.budgetOverruns) budget overruns, "
            + "\(status.xruns) xruns, \(status.deviceLosses) device losses, \(status.droppedSamples) samples dropped"
    }

    /// `mm:ss.cc` of a stream time in seconds.
    public static func clock(_ seconds: Double) -> String {
        let hundredths = Int((max(0, seconds) * 100).rounded(.down))
        let minutes = hundredths / 6000
        let rest = hundredths % 6000
        return "\(pad(String(minutes), 2, with: "0")):\(pad(String(rest / 100), 2, with: "0"))."
            + pad(String(rest % 100), 2, with: "0")
    }

    private static func pad(_ text: String, _ width: Int, with character: Character = " ") -> String {
        String(repeating: character, count: max(0, width - text.count)) + text
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
