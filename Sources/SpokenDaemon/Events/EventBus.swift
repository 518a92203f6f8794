import Synchronization

/// Fans events out to every client, each through its own bounded queue, so a client that stops reading loses events
/// (counted, and told so when it reads again) but never holds back the pipeline or another client.
///
/// `publish` encodes an event once and appends the bytes to each subscription's queue under that subscription's
/// lock only; it never waits for a client. A subscription's `wake` is called when its queue goes from empty to
/// non-empty and its consumer is not already draining — one call per burst, not per event.
///
/// Thread-safe: the pipeline publishes from its thread, socket clients drain from their event loop.
public final class EventBus: Sendable {
    /// How many events a client may have waiting before the newest are dropped for it.
    public let queueCapacity: Int
    private let subscriptions = Mutex<[Subscription]>([])
    private let nextID = Atomic<Int>(1)
    private let droppedByGone = Atomic<Int>(0)

    public init(queueCapacity: Int = 256) {
        precondition(queueCapacity > 0, "a client's queue must hold at least one event")
        self.queueCapacity = queueCapacity
    }

    /// Adds a client. `wake` runs (on the publisher's thread) when events wait for it; it should schedule a drain.
    public func subscribe(voiceActivity: Bool = false, wake: @escaping @Sendable () -> Void) -> Subscription {
        let subscription = Subscription(
            id: nextID.add(1, ordering: .relaxed).oldValue, capacity: queueCapacity, voiceActivity: voiceActivity,
            wake: wake)
        subscriptions.withLock { $0.append(subscription) }
        return subscription
    }

    /// Removes a client; its count of dropped events stays in `droppedEventsTotal`.
    public func unsubscribe(_ subscription: Subscription) {
        let removed = subscriptions.withLock { list in
            guard let index = list.firstIndex(where: { $0 === subscription }) else { return false }
            list.remove(at: index)
            return true
        }
        if removed { droppedByGone.add(subscription.droppedEvents, ordering: .relaxed) }
    }

    /// Queues `event` for every client that wants it. Never blocks on a client.
    public func publish(_ event: Event) {
        let current = subscriptions.withLock { $0 }
        guard !current.isEmpty else { return }
        let line = event.jsonLine()
        let isVoiceActivity = event.isVoiceActivity
        for subscription in current where !isVoiceActivity || subscription.wantsVoiceActivity {
            subscription.enqueue(line)
        }
    }

    /// Connected clients.
    public var clientCount: Int { subscriptions.withLock { $0.count } }

    /// Events dropped for all clients, present and gone.
    public var droppedEventsTotal: Int {
        let present = subscriptions.withLock { list in list.reduce(0) { $0 + $1.droppedEvents } }
        return present + droppedByGone.load(ordering: .relaxed)
    }
}
