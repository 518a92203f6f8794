import Foundation
import SpokenSearch
import TestSupport
import Testing

/// The Slurm executor against a real Slurm: `make test-slurm` starts a single-node one (`Scripts/slurm_local.sh`)
/// and runs this suite with its `SLURM_CONF`; elsewhere it is skipped.
@Suite("search on Slurm")
struct SlurmSearchTests {
    static let slurmUp = ProcessInfo.processInfo.environment["SLURM_CONF"] != nil

    @Test(
        "each generation runs as one job array and every candidate lands in the run directory",
        .enabled(if: slurmUp, "no Slurm: make test-slurm starts one"))
    func searchOnSlurm() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-slurm-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = scratch.appendingPathComponent("corpus")
        let generated = try SpokendProcess.run([
            "corpus", "generate", "--out", corpus.path, "--speakers", "3", "--numbers", "0-3", "--languages", "en,de",
        ])
        try #require(generated.status == 0, "\(generated.standardError)")
        let run = scratch.appendingPathComponent("run")
        let result = try SpokendProcess.run([
            "search", "--task", "number", "--corpus", corpus.path, "--out", run.path, "--initial-population", "3",
            "--population", "2", "--generations", "2", "--epochs", "1", "--training-share", "1", "--max-latency-ms",
            "1000", "--executor", "slurm",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("slurm: generation 0: job "))
        #expect(result.standardOutput.contains("generation 2/2: 2 evaluated"))
        let records = try RunDirectory(url: run).records()
        #expect(records.map(\.id) == ["g000-c000", "g000-c001", "g000-c002", "g001-c000", "g001-c001"])
        #expect(records.allSatisfy { $0.status == .ok })
        let scripts = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("logs").path)
        #expect(scripts.contains("g000-attempt0.sbatch"))
    }
}
