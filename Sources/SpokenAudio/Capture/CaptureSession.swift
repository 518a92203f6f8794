import SpokenDSP

/// One open capture device with its converter and period buffer: what the capture thread holds between an open and
/// a failure. Dropping it closes the device.
///
/// Not thread-safe: it lives on the capture thread. Allocates only in `init`.
final class CaptureSession {
    let device: PCMDevice
    private let converter: CaptureConverter
    /// Room for the most periods one wake-up reads.
    private let period: UnsafeMutableRawPointer
    private let capacity: Int
    /// Periods per wake-up now.
    private var periodsPerWakeUp = 1

    /// Most periods per wake-up: half the device's buffer (at least 4 periods), so the other half is slack.
    static let maximumPeriodsPerWakeUp = 4

    /// Opens `name` (see ``PCMDevice``) and prepares the conversion to mono at `sampleRate`.
    init(name: String, sampleRate: Int) throws(AudioError) {
        device = try PCMDevice(name: name, preferredRate: sampleRate)
        capacity = device.periodFrames * Self.maximumPeriodsPerWakeUp
        converter = try CaptureConverter(format: device.format, outputRate: sampleRate, maximumFrames: capacity)
        period = .allocate(byteCount: capacity * device.format.bytesPerFrame, alignment: 16)
    }

    deinit { period.deallocate() }

    /// Wakes the capture thread once per `periods` periods (1 up to `maximumPeriodsPerWakeUp`) from now on.
    func wakeUp(every periods: Int) throws(AudioError) {
        let periods = max(1, min(periods, Self.maximumPeriodsPerWakeUp))
        guard periods != periodsPerWakeUp else { return }
        try device.setWakeUp(frames: periods * device.periodFrames)
        periodsPerWakeUp = periods
    }

    /// What one period's wait gave.
    enum Outcome { case captured, recovered, idle }

    /// Waits up to `wait` milliseconds for a wake-up's periods and appends what is there (at most
    /// `maximumPeriodsPerWakeUp` periods) to `ring`; throws when the device failed.
    func capturePeriod(into ring: RingBuffer, wait: Int32) throws(AudioError) -> Outcome {
        switch try device.read(into: period, capacity: capacity, wait: wait) {
        case .frames(let count):
            _ = converter.append(period, frames: count, to: ring)
            return .captured
        case .recovered:
            return .recovered
        case .idle:
            return .idle
        }
    }
}
