import SpokenDSP

/// One open capture device with its converter and read buffer: what the capture thread holds between an open and a
/// failure. Dropping it closes the device.
///
/// Not thread-safe: it lives on the capture thread. Allocates only in `init`.
final class CaptureSession {
    let device: PCMDevice
    /// Most periods one wake-up waits for: what was asked for, at most half the device's buffer, so the other half is
    /// slack for a capture thread that wakes late.
    let maximumPeriodsPerWakeUp: Int
    private let converter: CaptureConverter
    /// Room for the device's whole buffer, so one read takes whatever has come.
    private let buffer: UnsafeMutableRawPointer
    /// Periods per wake-up now.
    private var periodsPerWakeUp = 1

    /// Opens `name` (see ``PCMDevice``) for wake-ups of up to `wakeUpPeriods` periods and prepares the conversion to
    /// mono at `sampleRate`.
    init(name: String, sampleRate: Int, wakeUpPeriods: Int) throws(AudioError) {
        device = try PCMDevice(name: name, preferredRate: sampleRate, wakeUpPeriods: wakeUpPeriods)
        maximumPeriodsPerWakeUp = max(1, min(wakeUpPeriods, device.bufferFrames / device.periodFrames / 2))
        converter = try CaptureConverter(
            format: device.format, outputRate: sampleRate, maximumFrames: device.bufferFrames)
        buffer = .allocate(byteCount: device.bufferFrames * device.format.bytesPerFrame, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Wakes the capture thread once per `periods` periods (1 up to `maximumPeriodsPerWakeUp`) from now on.
    func wakeUp(every periods: Int) throws(AudioError) {
        let periods = max(1, min(periods, maximumPeriodsPerWakeUp))
        guard periods != periodsPerWakeUp else { return }
        try device.setWakeUp(frames: periods * device.periodFrames)
        periodsPerWakeUp = periods
    }

    /// What one wait gave.
    enum Outcome { case captured, recovered, woken, idle }

    /// Waits up to `wait` milliseconds for a wake-up's periods (or for `wakeUp`) and appends what the device has to
    /// `ring`; throws when the device failed.
    func capture(into ring: RingBuffer, wait: Int32, wakeUp: WakeUpSignal) throws(AudioError) -> Outcome {
        switch try device.read(into: buffer, capacity: device.bufferFrames, wait: wait, wakeUp: wakeUp) {
        case .frames(let count):
            _ = converter.append(buffer, frames: count, to: ring)
            return .captured
        case .recovered:
            return .recovered
        case .woken:
            return .woken
        case .idle:
            return .idle
        }
    }
}
