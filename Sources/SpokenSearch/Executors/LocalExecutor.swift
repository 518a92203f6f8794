import Foundation
import Synchronization

/// Runs a generation's tasks as worker processes on this machine, at most `workers` at a time (default: one per
/// core, each training single-threaded).
///
/// Each worker's standard error goes to `RUN/logs/<id>.log`. Its standard input is a pipe the coordinator holds
/// open and never writes: when the coordinator dies (even by kill -9) the pipe closes and the worker stops
/// (`--stop-with-parent`), so no orphan keeps training what a resumed search will run again.
public final class LocalExecutor: SearchExecutor {
    public let command: WorkerCommand
    public let workers: Int

    public init(command: WorkerCommand, workers: Int) {
        self.command = command
        self.workers = max(1, workers)
    }

    public var name: String { "local (\(workers) worker\(workers == 1 ? "" : "s"))" }

    public func run(
        generation: Int, tasks: [PlannedCandidate], in run: RunDirectory
    ) throws(SearchError) -> [String: String] {
        var waiting = tasks
        var running: [(task: PlannedCandidate, process: Process, lifeline: Pipe)] = []
        var failures: [String: String] = [:]
        let ended = DispatchSemaphore(value: 0)
        try? FileManager.default.createDirectory(at: run.logsURL, withIntermediateDirectories: true)
        while !waiting.isEmpty || !running.isEmpty {
            while running.count < workers, !waiting.isEmpty {
                let task = waiting.removeFirst()
                let log = run.logsURL.appendingPathComponent("\(task.id).log")
                let process = Process()
                process.executableURL = URL(fileURLWithPath: command.executable)
                process.arguments =
                    command.arguments(run: run, generation: generation, taskID: String(task.index))
                    + ["--stop-with-parent"]
                let lifeline = Pipe()
                process.standardInput = lifeline
                process.standardOutput = FileHandle.nullDevice
                // A worker's errors are only ever seen in its log, so a log that cannot be written stops the run.
                guard FileManager.default.createFile(atPath: log.path, contents: nil),
                    let errors = try? FileHandle(forWritingTo: log)
                else {
                    throw SearchError(.executor, "cannot write the worker log \(log.path)")
                }
                process.standardError = errors
                process.terminationHandler = { _ in ended.signal() }
                do {
                    try process.run()
                } catch {
                    throw SearchError(
                        .executor, "cannot start worker \(command.executable): \(error.localizedDescription)")
                }
                running.append((task, process, lifeline))
            }
            ended.wait()
            let finished = running.filter { !$0.process.isRunning }
            running.removeAll { !$0.process.isRunning }
            for (task, process, lifeline) in finished {
                try? lifeline.fileHandleForWriting.close()
                guard run.readResult(id: task.id) == nil else { continue }
                let log = run.logsURL.appendingPathComponent("\(task.id).log")
                let lastLine =
                    (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").last.map(String.init)
                    ?? ""
                let how =
                    process.terminationReason == .uncaughtSignal
                    ? "was killed by signal \(process.terminationStatus)"
                    : "exited with status \(process.terminationStatus)"
                failures[task.id] = "worker \(how) without a result" + (lastLine.isEmpty ? "" : ": \(lastLine)")
            }
        }
        return failures
    }
}
