import Dispatch
import Foundation
import Synchronization

/// The notifications on their way to systemd, sent in order from a thread of their own (`spokend-notify`), so that
/// nobody who notifies ever waits for systemd.
///
/// `sd_notify` blocks while the notify socket's queue is full: the kernel holds at most `net.unix.max_dgram_qlen`
/// datagrams that the receiver has not read (10 by default, 512 where systemd sets it). Called from the processing
/// thread (a status line per utterance, the watchdog), a systemd that does not read would stall the audio; called
/// from the graceful shutdown (`STOPPING=1`), the daemon would never exit. Here only this thread waits. A status line
/// or a watchdog ping that has not been sent yet is replaced by the next one (which goes to the back of the queue,
/// after the notifications posted meanwhile), so what waits stays bounded however long systemd does not read.
final class NotificationOutbox: Sendable {
    /// What a notification says: state changes (`READY=1`, `RELOADING=1`, `STOPPING=1`) are all sent; of status
    /// lines and watchdog pings only the latest not yet sent.
    enum Kind: Sendable { case state, status, watchdog }

    private struct State {
        var pending: [(kind: Kind, message: String)] = []
        var sending = false
    }

    private let state = Mutex(State())
    /// Signalled once per `post`.
    private let posted = DispatchSemaphore(value: 0)
    /// Signalled after each send, for `flush`.
    private let sent = DispatchSemaphore(value: 0)

    /// Starts the sending thread, which lives as long as the process; `send` delivers one notification (it may
    /// block).
    init(send: @escaping @Sendable (String) -> Void) {
        let thread = Thread { [self] in
            while true {
                posted.wait()
                let next = state.withLock { state -> String? in
                    guard !state.pending.isEmpty else { return nil }
                    state.sending = true
                    return state.pending.removeFirst().message
                }
                guard let next else { continue }  // replaced by a later one, whose own `posted` follows
                send(next)
                state.withLock { $0.sending = false }
                sent.signal()
            }
        }
        thread.name = "spokend-notify"
        thread.start()
    }

    /// Queues `message` and returns at once.
    func post(_ message: String, kind: Kind) {
        state.withLock { state in
            if kind != .state, let index = state.pending.firstIndex(where: { $0.kind == kind }) {
                state.pending.remove(at: index)
            }
            state.pending.append((kind, message))
        }
        posted.signal()
    }

    /// Notifications posted and not yet sent (the one being sent included).
    var backlog: Int { state.withLock { $0.pending.count + ($0.sending ? 1 : 0) } }

    /// Waits until everything posted so far has been sent, or until `deadline`; returns whether it was.
    func flush(until deadline: DispatchTime) -> Bool {
        while backlog > 0 {
            if sent.wait(timeout: deadline) == .timedOut { return backlog == 0 }
        }
        return true
    }
}
