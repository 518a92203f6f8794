import Synchronization

/// One client's bounded queue of encoded event lines (see `EventBus`).
///
/// When the queue is full, new events are dropped for this client and counted; a `dropped_events` error line takes
/// their place in the queue, so the client learns exactly where it lost how many.
public final class Subscription: Sendable {
    /// Unique among the bus's subscriptions.
    public let id: Int
    private let capacity: Int
    private let wake: @Sendable () -> Void
    private let state: Mutex<State>

    private enum Entry {
        case line([UInt8])
        case dropped(Int)
    }

    private struct State {
        var entries: [Entry] = []
        var head = 0
        var lines = 0
        var dropped = 0
        var voiceActivity: Bool
        /// The consumer has been woken and has not yet found the queue empty.
        var draining = false
    }

    init(id: Int, capacity: Int, voiceActivity: Bool, wake: @escaping @Sendable () -> Void) {
        self.id = id
        self.capacity = capacity
        self.wake = wake
        state = Mutex(State(voiceActivity: voiceActivity))
    }

    /// Whether the client asked for `vad` events (`{"cmd":"subscribe","vad":true}`).
    public var wantsVoiceActivity: Bool {
        get { state.withLock { $0.voiceActivity } }
        set { state.withLock { $0.voiceActivity = newValue } }
    }

    /// Events this client has lost so far.
    public var droppedEvents: Int { state.withLock { $0.dropped } }

    /// Replies to a client's own commands may go this far past `capacity`, so a client that asks for `status` while
    /// its queue is full still gets an answer; a client that sends commands without reading is still bounded.
    static let replyReserve = 16

    /// Queues a line, or counts it as dropped when the queue is full. A reply to the client's command may use the
    /// reserve.
    func enqueue(_ line: [UInt8], reply: Bool = false) {
        let limit = reply ? capacity + Self.replyReserve : capacity
        let shouldWake = state.withLock { state -> Bool in
            if state.lines < limit {
                state.entries.append(.line(line))
                state.lines += 1
            } else {
                state.dropped += 1
                if case .dropped(let count) = state.entries.last, state.entries.count > state.head {
                    state.entries[state.entries.count - 1] = .dropped(count + 1)
                } else {
                    state.entries.append(.dropped(1))
                }
            }
            guard !state.draining else { return false }
            state.draining = true
            return true
        }
        if shouldWake { wake() }
    }

    /// The next line for the client, or nil when the queue is empty (then the next event wakes the consumer again).
    public func next() -> [UInt8]? {
        let entry = state.withLock { state -> Entry? in
            guard state.head < state.entries.count else {
                state.entries.removeAll(keepingCapacity: true)
                state.head = 0
                state.draining = false
                return nil
            }
            let entry = state.entries[state.head]
            state.head += 1
            if case .line = entry { state.lines -= 1 }
            if state.head >= 64, state.head * 2 >= state.entries.count {
                state.entries.removeFirst(state.head)
                state.head = 0
            }
            return entry
        }
        switch entry {
        case nil: return nil
        case .line(let line): return line
        case .dropped(let count):
            return Event.error(
                ErrorMessage(
                    reason: .droppedEvents,
                    message: "\(count) event\(count == 1 ? "" : "s") dropped: this client did not read fast enough",
                    dropped: count)
            ).jsonLine()
        }
    }
}
