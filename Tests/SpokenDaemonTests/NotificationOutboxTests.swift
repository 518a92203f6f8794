import Dispatch
import Synchronization
import Testing

@testable import SpokenDaemon

@Suite("notifications to systemd")
struct NotificationOutboxTests {
    @Test("while systemd does not read, posting returns at once and only the latest status and ping wait; order kept")
    func systemdNotReading() {
        let gate = DispatchSemaphore(value: 0)
        let delivered = Mutex<[String]>([])
        // Each send waits at the gate, as sd_notify waits for a systemd whose queue is full.
        let outbox = NotificationOutbox { message in
            gate.wait()
            delivered.withLock { $0.append(message) }
        }
        outbox.post("READY=1", kind: .state)
        for index in 0..<100 {
            outbox.post("STATUS=heard \(index)", kind: .status)
            outbox.post("WATCHDOG=1", kind: .watchdog)
        }
        outbox.post("STOPPING=1", kind: .state)
        // READY=1 (waiting at the gate, or about to), the latest status line, one ping, STOPPING=1.
        #expect(outbox.backlog == 4)
        for _ in 0..<4 { gate.signal() }
        #expect(outbox.flush(until: .now() + 30))
        #expect(delivered.withLock { $0 } == ["READY=1", "STATUS=heard 99", "WATCHDOG=1", "STOPPING=1"])
    }
}
