import Dispatch
import Synchronization

/// Shares `0..<count` out between worker threads, one per element of `workers` (each thread's own state, such as
/// a `FeatureExtractor`, which is not thread-safe).
///
/// Indices are handed out one at a time from a shared counter, so a slow item does not leave a core idle. Callers
/// make every item's result depend on its index alone (per-example random seeds, results written to the item's own
/// slot), so the outcome is the same for any number of workers.
enum Parallel {
    static func forEach<Worker>(_ workers: [Worker], count: Int, _ body: (Worker, Int) -> Void) {
        let next = Atomic<Int>(0)
        // Each worker state is touched by its own thread only, and `body` writes only its index's results: the
        // callers' contract, which the compiler cannot see.
        nonisolated(unsafe) let workers = workers
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: workers.count) { worker in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                body(workers[worker], index)
            }
        }
    }
}
