/// The command line of one worker task, as both executors start it.
public struct WorkerCommand: Sendable {
    /// The `spokend` executable (the running one: workers must run the same code as the coordinator).
    public var executable: String

    public init(executable: String) {
        self.executable = executable
    }

    /// Arguments after the executable; `taskID` is a number or a shell variable such as `$SLURM_ARRAY_TASK_ID`.
    public func arguments(run: RunDirectory, generation: Int, taskID: String) -> [String] {
        ["search", "worker", "--run", run.url.path, "--generation", String(generation), "--task-id", taskID]
    }
}
