import Foundation
import SpokenSearch
import Synchronization
import TestSupport
import Testing

/// The Slurm executor against a real Slurm: `make test-slurm` starts a single-node one (`Scripts/slurm_local.sh`)
/// and runs this suite with its `SLURM_CONF`; elsewhere it is skipped.
@Suite("search on Slurm")
struct SlurmSearchTests {
    static let slurmUp = ProcessInfo.processInfo.environment["SLURM_CONF"] != nil

    /// A corpus of 3 speakers saying 0–3 in `languages`, generated in `scratch` by `spokend corpus generate`.
    static func corpus(in scratch: URL, languages: String) throws -> URL {
        let corpus = scratch.appendingPathComponent("corpus")
        let generated = try SpokendProcess.run([
            "corpus", "generate", "--out", corpus.path, "--speakers", "3", "--numbers", "0-3", "--languages", languages,
        ])
        try #require(generated.status == 0, "\(generated.standardError)")
        return corpus
    }

    @Test(
        "each generation runs as one job array and every candidate lands in the run directory",
        .enabled(if: slurmUp, "no Slurm: make test-slurm starts one"))
    func searchOnSlurm() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-slurm-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = try Self.corpus(in: scratch, languages: "en,de")
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

    @Test(
        "a failed array task is submitted again; one that keeps failing is reported with the end of its output",
        .enabled(if: slurmUp, "no Slurm: make test-slurm starts one"))
    func failedTasksAreRetried() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-slurm-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = try Self.corpus(in: scratch, languages: "en")
        let run = RunDirectory(url: scratch.appendingPathComponent("run"))
        let config = SearchConfig(
            task: .number, corpus: corpus.path, seed: 5, initialPopulation: 3, epochs: 1, trainingShare: 1,
            constraints: Constraints(maxLatencyMilliseconds: 1000))
        try run.create(config: config)
        let plan = try Evolution(config: config, profile: try config.deviceProfile()).plan(generation: 0, records: [])
        try run.writePlan(plan, generation: 0)
        // Task 0 fails on its first attempt only, task 2 on every attempt; task 1 just works.
        let worker = scratch.appendingPathComponent("flaky-worker.sh")
        try """
        #!/bin/sh
        if [ "$SLURM_ARRAY_TASK_ID" = 2 ]; then echo "task 2 always fails"; exit 3; fi
        if [ "$SLURM_ARRAY_TASK_ID" = 0 ] && [ ! -e '\(scratch.path)/tried' ]; then
            touch '\(scratch.path)/tried'; echo "first attempt fails"; exit 3
        fi
        exec '\(SpokendProcess.executable.path)' "$@"

        """.write(to: worker, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: worker.path)
        let said = Mutex<[String]>([])
        let executor = try SlurmExecutor(
            command: WorkerCommand(executable: worker.path), cpusPerTask: 1,
            status: { line in said.withLock { $0.append(line) } })
        executor.pollSeconds = 0.5

        let failures = try executor.run(generation: 0, tasks: plan, in: run)
        #expect(run.readResult(id: "g000-c000")?.status == .ok, "failed once, submitted again, landed")
        #expect(run.readResult(id: "g000-c001")?.status == .ok)
        #expect(run.readResult(id: "g000-c002") == nil)
        #expect(failures.keys.sorted() == ["g000-c002"])
        #expect(failures["g000-c002"]?.hasSuffix("without a result after 3 attempts: task 2 always fails") == true)
        let lines = said.withLock { $0 }
        #expect(lines.contains { $0.hasPrefix("slurm: 2 task(s) of job ") && $0.hasSuffix("submitting them again") })
        #expect(lines.contains { $0.hasPrefix("slurm: 1 task(s) of job ") && $0.hasSuffix("submitting them again") })
        let scripts = try FileManager.default.contentsOfDirectory(atPath: run.logsURL.path)
        #expect(["g000-attempt0.sbatch", "g000-attempt1.sbatch", "g000-attempt2.sbatch"].allSatisfy(scripts.contains))
    }
}
