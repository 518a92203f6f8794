/// Runs the workers of one generation: `spokend search worker --run RUN --generation G --task-id I` for each task
/// index I, each writing `RUN/results/<id>.json` itself.
///
/// Returns when every task has ended, with a reason for each task that ended without a result (a crash, a kill, a
/// Slurm failure); the coordinator records those as failed and the search goes on.
public protocol SearchExecutor {
    /// A short name for progress lines: `local (2 workers)`, `slurm`.
    var name: String { get }
    func run(generation: Int, tasks: [PlannedCandidate], in run: RunDirectory) throws(SearchError) -> [String: String]
}
