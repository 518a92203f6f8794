/// The `status` event: the daemon's counters at the moment a client asked.
public struct Status: Codable, Sendable, Equatable {
    /// Seconds of audio the pipeline has processed.
    public var streamSeconds: Double
    /// Front-end frames processed.
    public var frames: Int
    /// Capture overruns recovered.
    public var xruns: Int
    /// Times the capture device went away.
    public var deviceLosses: Int
    /// Whether audio is flowing now (false while a lost or missing device is being reopened).
    public var capturing: Bool
    /// Attempts to open the capture device that failed.
    public var openFailures: Int
    /// While the device is missing: seconds until the next attempt to open it (at most 1).
    public var retrySeconds: Double?
    /// The audio source's last failure, one line (kept after it recovered).
    public var audioError: String?
    /// Audio samples lost because the pipeline fell behind the capture thread.
    public var droppedSamples: Int
    /// Utterances reported.
    public var utterances: Int
    /// Utterances not reported because a confidence was below `--min-confidence`.
    public var rejected: Int
    /// Utterances whose classification did not fit the device's cycle budget.
    public var budgetOverruns: Int
    /// Connected clients.
    public var clients: Int
    /// Events this client has lost because it did not read fast enough.
    public var droppedEvents: Int
    /// Events lost by all clients together.
    public var droppedEventsTotal: Int

    public init(
        streamSeconds: Double = 0, frames: Int = 0, xruns: Int = 0, deviceLosses: Int = 0, capturing: Bool = true,
        openFailures: Int = 0, retrySeconds: Double? = nil, audioError: String? = nil, droppedSamples: Int = 0,
        utterances: Int = 0, rejected: Int = 0, budgetOverruns: Int = 0, clients: Int = 0,
        droppedEvents: Int = 0,
        droppedEventsTotal: Int = 0
    ) {
        self.streamSeconds = streamSeconds
        self.frames = frames
        self.xruns = xruns
        self.deviceLosses = deviceLosses
        self.capturing = capturing
        self.openFailures = openFailures
        self.retrySeconds = retrySeconds
        self.audioError = audioError
        self.droppedSamples = droppedSamples
        self.utterances = utterances
        self.rejected = rejected
        self.budgetOverruns = budgetOverruns
        self.clients = clients
        self.droppedEvents = droppedEvents
        self.droppedEventsTotal = droppedEventsTotal
    }

    private enum CodingKeys: String, CodingKey {
        case streamSeconds = "stream_seconds"
        case frames, xruns
        case deviceLosses = "device_losses"
        case capturing
        case openFailures = "open_failures"
        case retrySeconds = "retry_seconds"
        case audioError = "audio_error"
        case droppedSamples = "dropped_samples"
        case utterances, rejected
        case budgetOverruns = "budget_overruns"
        case clients
        case droppedEvents = "dropped_events"
        case droppedEventsTotal = "dropped_events_total"
    }
}
