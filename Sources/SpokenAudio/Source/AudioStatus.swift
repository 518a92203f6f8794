/// A snapshot of an ``AudioSource``'s counters, safe to take from any thread (a status request, a metrics line).
public struct AudioStatus: Sendable, Equatable {
    /// Samples delivered to the ring at the source's rate since it started.
    public var samples: UInt64
    /// Samples the reader lost because it fell more than the ring's capacity behind.
    public var droppedSamples: UInt64
    /// Overruns the device reported (the capture thread was late), each recovered with `snd_pcm_recover`.
    public var xruns: Int
    /// Times an open device failed (unplugged, driver error) and was closed, to be reopened.
    public var deviceLosses: Int
    /// Attempts to open the device that failed (at start and while reopening after a loss).
    public var openFailures: Int
    /// Whether audio is flowing now: the device is open, or the file or pipe is being read.
    public var isCapturing: Bool
    /// While a device is missing or lost: the wait before the next attempt to open it, in seconds (doubling from
    /// 10 ms after each failure, at most 1 s). Nil while capturing, and for files and pipes.
    public var retrySeconds: Double?
    /// What the device delivers ("S16_LE 1 ch 16000 Hz") once it is open, for a device.
    public var deviceFormat: String?
    /// The last failure, one line (kept after a recovery, so a status shows why the last loss happened).
    public var lastError: String?
}
