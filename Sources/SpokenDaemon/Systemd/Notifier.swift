import CSystemd
import Foundation

/// The daemon's side of systemd's service protocol: readiness, status, the watchdog, stopping, and sockets passed
/// by socket activation.
///
/// Every `sd_notify`, `sd_watchdog_enabled` and `sd_listen_fds` call of spokend lives here. Outside systemd (no
/// `NOTIFY_SOCKET`) the notifications do nothing, so `spokend serve` runs the same from a shell. Under systemd they
/// are sent by a ``NotificationOutbox``: every method returns at once, whether or not systemd reads.
/// Thread-safe.
public struct Notifier: Sendable {
    /// The watchdog interval systemd expects pings within (`WatchdogSec=`), if it is on for this process.
    public let watchdogInterval: Duration?
    /// Nil outside systemd.
    private let outbox: NotificationOutbox?

    /// Reads `WATCHDOG_USEC`/`WATCHDOG_PID` through `sd_watchdog_enabled` (leaving them in the environment, as
    /// children are not spokend's concern), and starts the outbox's thread when `NOTIFY_SOCKET` is set.
    public init() {
        var microseconds: UInt64 = 0
        if sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 {
            watchdogInterval = .microseconds(Int64(clamping: microseconds))
        } else {
            watchdogInterval = nil
        }
        // Failures are not actionable (systemd went away); sd_notify reports them only as a return value.
        outbox = getenv("NOTIFY_SOCKET") == nil ? nil : NotificationOutbox { _ = sd_notify(0, $0) }
    }

    /// `READY=1` with a status line: models are loaded and audio is open.
    public func ready(status: String) { outbox?.post("READY=1\nSTATUS=\(status)", kind: .state) }

    /// `STATUS=…`: a line `systemctl status` shows.
    public func status(_ line: String) { outbox?.post("STATUS=\(line)", kind: .status) }

    /// `WATCHDOG=1`: the processing loop is alive. Call it from the loop itself, so a stuck pipeline is restarted.
    public func watchdog() { outbox?.post("WATCHDOG=1", kind: .watchdog) }

    /// `RELOADING=1`: models are being reloaded (SIGHUP); follow with `ready(status:)`.
    public func reloading() { outbox?.post("RELOADING=1", kind: .state) }

    /// `STOPPING=1`: the daemon is shutting down (SIGTERM) and drains what is in flight.
    public func stopping() { outbox?.post("STOPPING=1", kind: .state) }

    /// Gives what was posted until `deadline` to reach systemd (call it before the process exits); returns whether
    /// it did.
    @discardableResult
    public func flush(until deadline: DispatchTime) -> Bool {
        outbox?.flush(until: deadline) ?? true
    }

    /// The listening Unix stream sockets systemd passed (`LISTEN_FDS`, `LISTEN_PID`), via `sd_listen_fds` and
    /// `sd_is_socket_unix`. Empty when not socket-activated; clears the variables so children do not inherit them.
    public static func listenSockets() throws(DaemonError) -> [CInt] {
        let count = sd_listen_fds(1)
        guard count >= 0 else {
            throw DaemonError(.systemd, "LISTEN_FDS is invalid: \(String(cString: strerror(-count)))")
        }
        var sockets: [CInt] = []
        for descriptor in SD_LISTEN_FDS_START..<(SD_LISTEN_FDS_START + count) {
            guard sd_is_socket_unix(descriptor, CInt(SOCK_STREAM.rawValue), 1, nil, 0) > 0 else {
                throw DaemonError(
                    .systemd, "systemd passed fd \(descriptor), which is not a listening Unix stream socket")
            }
            sockets.append(descriptor)
        }
        return sockets
    }
}
