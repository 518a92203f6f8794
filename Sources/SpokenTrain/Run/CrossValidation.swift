import Foundation

/// The reports of one architecture trained on every fold, summarised as the SpokeN-100 paper tabulates its
/// results: accuracy mean ± standard deviation over the folds.
public struct CrossValidation: Sendable {
    public var reports: [TrainingReport]

    public init(reports: [TrainingReport]) {
        self.reports = reports
    }

    /// Mean and sample standard deviation (n − 1) of `values`; the deviation is 0 for one value.
    public static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }

    /// A Markdown table: one row per fold, then mean ± std of every column.
    public func table() -> String {
        func percent(_ value: Double) -> String { String(format: "%.2f", value * 100) }
        func summary(_ values: [Double]) -> String {
            let (mean, deviation) = Self.meanAndDeviation(values)
            return "\(percent(mean)) ± \(percent(deviation))"
        }
        let names = reports.first?.degraded.map(\.degradation.rawValue) ?? []
        var lines = [
            "| fold | float % | int8 % | " + names.map { "int8 \($0) %" }.joined(separator: " | ")
                + (names.isEmpty ? "" : " |"),
            "| --- | --- | --- | " + names.map { _ in "---" }.joined(separator: " | ") + (names.isEmpty ? "" : " |"),
        ]
        for report in reports {
            lines.append(
                "| \(report.fold) | \(percent(report.floatTestAccuracy)) | \(percent(report.int8TestAccuracy)) | "
                    + report.degraded.map { percent($0.int8) }.joined(separator: " | ") + (names.isEmpty ? "" : " |"))
        }
        let degradedColumns = names.indices.map { column in summary(reports.map { $0.degraded[column].int8 }) }
        lines.append(
            "| mean ± std | \(summary(reports.map(\.floatTestAccuracy))) | "
                + "\(summary(reports.map(\.int8TestAccuracy))) | " + degradedColumns.joined(separator: " | ")
                + (names.isEmpty ? "" : " |"))
        return lines.joined(separator: "\n")
    }
}
