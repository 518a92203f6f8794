import ArgumentParser
import Foundation
import SpokenSearch

/// `spokend search worker` (hidden): evaluates one planned candidate and writes its result into the run directory.
/// What the local executor starts per candidate and a Slurm array task runs.
struct SearchWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Evaluate one candidate of a search (internal: started by the executors).",
        shouldDisplay: false)

    @Option(name: .customLong("run"), help: "The run directory.")
    var directory: String

    @Option(help: "The generation.")
    var generation: Int

    @Option(help: "The candidate's index in the generation (a Slurm array task id).")
    var taskId: Int

    @Flag(help: "Stop when standard input closes (the local executor's lifeline).")
    var stopWithParent = false

    func run() throws {
        if stopWithParent {
            Thread.detachNewThread {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                Foundation.exit(2)
            }
        }
        let directory = RunDirectory(url: URL(fileURLWithPath: self.directory))
        let config = try directory.readConfig()
        guard let plan = try directory.readPlan(generation: generation) else {
            throw SearchError(.runDirectory, "\(self.directory) has no plan for generation \(generation)")
        }
        guard let task = plan.first(where: { $0.index == taskId }) else {
            throw SearchError(.runDirectory, "generation \(generation) of \(self.directory) has no task \(taskId)")
        }
        let evaluator = try CandidateEvaluator(config: config, jobs: config.threads)
        let (record, bytes) = evaluator.evaluate(task, in: directory)
        if let bytes { try directory.writeModel(bytes, id: task.id) }
        try directory.writeResult(record)
    }
}
