import CSystemd
import Foundation

/// The daemon's side of systemd's service protocol: readiness, status, the watchdog, stopping, and sockets passed
/// by socket activation.
///
/// Every `sd_notify`, `sd_watchdog_enabled` and `sd_listen_fds` call of spokend lives here. Outside systemd (no
/// `NOTIFY_SOCKET`) the notifications do nothing, so `spokend serve` runs the same from a shell.
/// Thread-safe: `sd_notify` opens its own datagram socket per call.
public struct Notifier: Sendable {
    /// The watchdog interval systemd expects pings within (`WatchdogSec=`), if it is on for this process.
    public let watchdogInterval: Duration?

    /// Reads `WATCHDOG_USEC`/`WATCHDOG_PID` through `sd_watchdog_enabled` (leaving them in the environment, as
    /// children are not spokend's concern).
    public init() {
        var microseconds: UInt64 = 0
        if sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 {
            watchdogInterval = .microseconds(Int64(clamping: microseconds))
        } else {
            watchdogInterval = nil
        }
    }

    /// `READY=1` with a status line: models are loaded and audio is open.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    /// `STATUS=…`: a line `systemctl status` shows.
    public func status(_ line: String) { send("STATUS=\(line)") }

    /// `WATCHDOG=1`: the processing loop is alive. Call it from the loop itself, so a stuck pipeline is restarted.
    public func watchdog() { send("WATCHDOG=1") }

    /// `RELOADING=1`: models are being reloaded (SIGHUP); follow with `ready(status:)`.
    public func reloading() { send("RELOADING=1") }

    /// `STOPPING=1`: the daemon is shutting down (SIGTERM) and drains what is in flight.
    public func stopping() { send("STOPPING=1") }

    private func send(_ state: String) {
        // Failures are not actionable (systemd went away); sd_notify reports them only as a return value.
        _ = sd_notify(0, state)
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
