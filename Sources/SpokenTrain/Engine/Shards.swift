import Dispatch

/// Runs one closure per data-parallel shard at once (one thread each) and returns when all have finished.
///
/// The closure is not `Sendable`: the trainer's shards read the shared parameters, which nothing writes during the
/// call, and each writes only its own replica and its own result slot. That discipline, not the type system, makes
/// it safe, so it is stated here once instead of unchecked conformances on every type a shard touches.
enum Shards {
    static func run(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: count) { shared.value($0) }
        }
    }

    private struct Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
