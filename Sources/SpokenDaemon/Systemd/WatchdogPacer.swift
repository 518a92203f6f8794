/// When the processing loop should ping systemd's watchdog: every half interval (systemd's advice), and never when
/// the watchdog is off.
struct WatchdogPacer {
    private let period: Duration?
    private var last = ContinuousClock.now

    init(interval: Duration?) {
        period = interval.map { $0 / 2 }
    }

    /// Whether a ping is due now; if so, the next is due a half interval later.
    mutating func isDue() -> Bool {
        guard let period else { return false }
        let now = ContinuousClock.now
        guard now - last >= period else { return false }
        last = now
        return true
    }
}
