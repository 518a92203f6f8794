import Synchronization

/// The pipeline's counters, written by its processing thread and read by `status` requests from any thread.
final class PipelineCounters: Sendable {
    let frames = Atomic<Int>(0)
    let utterances = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let budgetOverruns = Atomic<Int>(0)
}
