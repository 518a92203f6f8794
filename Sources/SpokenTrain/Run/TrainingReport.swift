import Foundation
import SpokenNN
import SpokenRecognition

/// The figures of one `TrainingRun`: accuracy on the fold's test speakers (float and int8, clean and degraded), the
/// chosen epoch, and the model's cost on the chip, front end included.
public struct TrainingReport: Sendable {
    public var task: TrainingTask
    public var fold: Int
    public var scheme: SplitScheme
    public var parameters: Int
    /// The epoch whose weights were exported (best validation accuracy) and its validation accuracy.
    public var bestEpoch: Int
    public var epochs: Int
    public var validationAccuracy: Double
    public var floatTestAccuracy: Double
    public var int8TestAccuracy: Double
    public var testClips: Int
    public var degraded: [DegradedAccuracy]
    /// Clips left out because they could not be read.
    public var unreadable: [UnreadableClip]
    public var inspection: Inspection
    /// One utterance of the model's frame count on the device, front end included.
    public var frontEnd: DeviceCost?
    public var seconds: Double

    /// The report for people: one figure a line.
    public func text() -> String {
        func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
        func kib(_ bytes: Int) -> String { String(format: "%.1f KiB", Double(bytes) / 1024) }
        let totals = inspection.totals
        var lines = [
            "\(task.rawValue) model, fold \(fold) of the \(scheme.rawValue) split, \(parameters) parameters; "
                + "epoch \(bestEpoch) of \(epochs) chosen on validation speakers (\(percent(validationAccuracy)))",
            "test speakers (\(testClips) clips): float \(percent(floatTestAccuracy)), int8 \(percent(int8TestAccuracy))",
        ]
        for figure in degraded {
            lines.append(
                "  \(figure.degradation.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) float "
                    + "\(percent(figure.float)), int8 \(percent(figure.int8))")
        }
        lines.append(
            "\(inspection.profile) (\(inspection.flavor.rawValue), \(inspection.clockHz / 1_000_000) MHz): arena "
                + "\(kib(totals.arenaUsed)) of \(kib(totals.arenaAvailable)), flash \(kib(totals.flashUsed)) of "
                + "\(kib(totals.flashAvailable)) (model \(kib(totals.modelBytes))), inference \(totals.cycles) cycles "
                + String(format: "= %.2f ms", totals.latencyMilliseconds))
        if let frontEnd {
            lines.append(
                String(
                    format: "latency after the end of speech %.2f ms (front end included), %.1f µJ per utterance, "
                        + "front-end duty cycle %.1f%%", frontEnd.latencyMilliseconds, frontEnd.energyMicrojoules,
                    frontEnd.frontEndDutyCycle * 100))
        }
        if !inspection.fits { lines.append("does not fit: " + inspection.problems.joined(separator: "; ")) }
        if !unreadable.isEmpty {
            lines.append("\(unreadable.count) unreadable clip(s) left out:")
            lines += unreadable.map { "  \($0.path): \($0.reason)" }
        }
        lines.append(String(format: "%.0f s", seconds))
        return lines.joined(separator: "\n")
    }
}
