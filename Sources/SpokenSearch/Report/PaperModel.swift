/// The SpokeN-100 paper's EvoNAS number models (arXiv 2403.09753, nRF52840 with a power meter in the loop), the
/// baseline every search report and model card shows.
///
/// Only the fittest one's chip cost is published in the figures spokend uses (9 315 parameters, a 17.7 KB
/// `.tflite`, a 7 024 B TFLM arena, 368 ms per inference on the board); of the other two, only their accuracies.
public struct PaperModel: Sendable {
    public var name: String
    /// Number accuracy on held-out speakers, as a range when the paper gives one.
    public var accuracy: ClosedRange<Double>
    public var parameters: Int?
    public var modelBytes: Int?
    public var arenaBytes: Int?
    public var latencyMilliseconds: Double?

    public static let fittest = PaperModel(
        name: "paper fittest", accuracy: 0.126...0.136, parameters: 9315, modelBytes: 17_700, arenaBytes: 7024,
        latencyMilliseconds: 368)
    public static let mostAccurate = PaperModel(name: "paper most accurate", accuracy: 0.175...0.175)
    public static let fastest = PaperModel(name: "paper fastest", accuracy: 0.022...0.022)
    public static let all = [fittest, mostAccurate, fastest]

    /// "12.6–13.6%" or "17.5%".
    public var accuracyText: String {
        func percent(_ value: Double) -> String { String(format: "%.1f", value * 100) }
        return accuracy.lowerBound == accuracy.upperBound
            ? "\(percent(accuracy.lowerBound))%" : "\(percent(accuracy.lowerBound))–\(percent(accuracy.upperBound))%"
    }
}
