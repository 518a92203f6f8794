import Foundation

/// Runs each generation as one Slurm job array: `sbatch --array` of the generation's task indices, each task
/// running `spokend search worker … --task-id $SLURM_ARRAY_TASK_ID` on whichever node Slurm picks, results written
/// into the run directory (which must be on a file system every node sees).
///
/// Progress comes from `squeue` (tasks pending and running, polled every `pollSeconds`); when the array has left
/// the queue, `sacct` says how each task ended. Tasks that ended without a result are submitted again as a smaller
/// array, up to `retries` times; what still fails is reported with Slurm's state and the end of its output file
/// (`RUN/logs/<id>-slurm-<job>.out`).
public final class SlurmExecutor: SearchExecutor {
    public let command: WorkerCommand
    /// Extra `sbatch` options (`--partition=gpu`, `--time=00:30:00`), passed as they are.
    public let sbatchOptions: [String]
    public let cpusPerTask: Int
    public var retries = 2
    public var pollSeconds = 2.0
    private let tools: [String: String]
    private let status: (String) -> Void

    /// Finds `sbatch`, `squeue` and `sacct` on `path` (default: `PATH`); throws naming what is missing and where it
    /// looked.
    public init(
        command: WorkerCommand, cpusPerTask: Int, sbatchOptions: [String] = [],
        path: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        status: @escaping (String) -> Void = { _ in }
    ) throws(SearchError) {
        var tools: [String: String] = [:]
        for tool in ["sbatch", "squeue", "sacct"] {
            let found = path.split(separator: ":").map { "\($0)/\(tool)" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let found else {
                throw SearchError(
                    .executor,
                    "slurm executor: \(tool) not found on PATH (\(path)); install Slurm's client tools "
                        + "(Debian: slurm-client) or use --executor local")
            }
            tools[tool] = found
        }
        self.tools = tools
        self.command = command
        self.cpusPerTask = max(1, cpusPerTask)
        self.sbatchOptions = sbatchOptions
        self.status = status
    }

    public var name: String { "slurm" }

    public func run(
        generation: Int, tasks: [PlannedCandidate], in run: RunDirectory
    ) throws(SearchError) -> [String: String] {
        var remaining = tasks
        var failures: [String: String] = [:]
        for attempt in 0...retries where !remaining.isEmpty {
            let job = try submit(generation: generation, tasks: remaining, in: run, attempt: attempt)
            try wait(for: job, tasks: remaining.count)
            let states = (try? accounting(job)) ?? [:]
            remaining = remaining.filter { run.readResult(id: $0.id) == nil }
            for task in remaining {
                let output = run.logsURL.appendingPathComponent("\(task.id)-slurm-\(job).out")
                let lastLine =
                    (try? String(contentsOf: output, encoding: .utf8))?.split(separator: "\n").last.map(String.init)
                    ?? ""
                failures[task.id] =
                    "slurm task \(job)_\(task.index) ended \(states[task.index] ?? "without accounting") "
                    + "without a result after \(attempt + 1) attempt\(attempt == 0 ? "" : "s")"
                    + (lastLine.isEmpty ? "" : ": \(lastLine)")
            }
            if !remaining.isEmpty, attempt < retries {
                status("slurm: \(remaining.count) task(s) of job \(job) failed; submitting them again")
            }
        }
        return failures.filter { id, _ in run.readResult(id: id) == nil }
    }

    /// Writes the batch script and submits it; returns the job id.
    private func submit(
        generation: Int, tasks: [PlannedCandidate], in run: RunDirectory, attempt: Int
    ) throws(SearchError) -> String {
        let prefix = String(PlannedCandidate.id(generation: generation, index: 0).prefix(4))
        let script = run.logsURL.appendingPathComponent("\(prefix)-attempt\(attempt).sbatch")
        let indices = tasks.map { String($0.index) }.joined(separator: ",")
        let worker = ([command.executable] + command.arguments(run: run, generation: generation, taskID: "$1"))
            .map { $0 == "$1" ? "\"$SLURM_ARRAY_TASK_ID\"" : Self.quoted($0) }.joined(separator: " ")
        // The output file is named by candidate: the array index is the task index, the id pads it to 3 digits.
        let text = """
            #!/bin/sh
            #SBATCH --job-name=spokend-search-\(prefix)
            #SBATCH --array=\(indices)
            #SBATCH --cpus-per-task=\(cpusPerTask)
            #SBATCH --output=\(run.logsURL.path)/slurm-%A_%a.out
            id=$(printf '\(prefix)-c%03d' "$SLURM_ARRAY_TASK_ID")
            exec > "\(run.logsURL.path)/$id-slurm-$SLURM_ARRAY_JOB_ID.out" 2>&1
            exec \(worker)

            """
        do {
            try FileManager.default.createDirectory(at: run.logsURL, withIntermediateDirectories: true)
            try text.write(to: script, atomically: true, encoding: .utf8)
        } catch {
            throw SearchError(.executor, "cannot write \(script.path): \(error.localizedDescription)")
        }
        let output = try execute("sbatch", ["--parsable"] + sbatchOptions + [script.path])
        guard let job = output.split(separator: ";").first.map(String.init), !job.isEmpty, Int(job) != nil else {
            throw SearchError(.executor, "sbatch did not answer with a job id: '\(output)'")
        }
        status("slurm: generation \(generation): job \(job), \(tasks.count) task(s)")
        return job
    }

    /// Polls `squeue` until the job has left the queue.
    private func wait(for job: String, tasks: Int) throws(SearchError) {
        var last = ""
        while true {
            let queue: String
            do {
                queue = try execute("squeue", ["--noheader", "--array", "--jobs", job, "--format", "%T"])
            } catch let error where error.detail.contains("Invalid job id") {
                return  // Finished long enough ago that the controller has forgotten it.
            }
            let states = queue.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
            if states.isEmpty { return }
            let running = states.filter { $0 == "RUNNING" }.count
            let line = "slurm: job \(job): \(running) running, \(states.count - running) waiting of \(tasks)"
            if line != last { status(line) }
            last = line
            Thread.sleep(forTimeInterval: pollSeconds)
        }
    }

    /// How each array task ended, by index: `COMPLETED`, `FAILED (exit 1:0)`, `TIMEOUT`, `NODE_FAIL`…
    private func accounting(_ job: String) throws(SearchError) -> [Int: String] {
        let text = try execute(
            "sacct", ["--noheader", "--parsable2", "--jobs", job, "--format", "JobID,State,ExitCode"])
        var states: [Int: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, let underscore = fields[0].firstIndex(of: "_"),
                let index = Int(fields[0][fields[0].index(after: underscore)...])
            else { continue }
            states[index] = "\(fields[1]) (exit \(fields[2]))"
        }
        return states
    }

    /// Runs a Slurm tool and returns its standard output; a non-zero exit throws with its standard error.
    private func execute(_ tool: String, _ arguments: [String]) throws(SearchError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tools[tool]!)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw SearchError(.executor, "cannot run \(tools[tool]!): \(error.localizedDescription)")
        }
        // Slurm's answers are short; reading both to the end before waiting cannot fill a pipe.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            // The last line is Slurm's verdict (`sbatch: fatal: Could not establish a configuration source`).
            let message =
                String(decoding: err, as: UTF8.self).split(separator: "\n").last.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            throw SearchError(
                .executor,
                "\(tool) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(message)")
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
