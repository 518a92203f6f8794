import SpokenDSP

/// One open capture device with its converter and period buffer: what the capture thread holds between an open and
/// a failure. Dropping it closes the device.
///
/// Not thread-safe: it lives on the capture thread. Allocates only in `init`.
final class CaptureSession {
    let device: PCMDevice
    private let converter: CaptureConverter
    private let period: UnsafeMutableRawPointer

    /// Opens `name` (see ``PCMDevice``) and prepares the conversion to mono at `sampleRate`.
    init(name: String, sampleRate: Int) throws(AudioError) {
        device = try PCMDevice(name: name, preferredRate: sampleRate)
        converter = try CaptureConverter(
            format: device.format, outputRate: sampleRate, maximumFrames: device.periodFrames)
        period = .allocate(byteCount: device.periodFrames * device.format.bytesPerFrame, alignment: 16)
    }

    deinit { period.deallocate() }

    /// What one period's wait gave.
    enum Outcome { case captured, recovered, idle }

    /// Waits up to `wait` milliseconds for a period and appends it to `ring`; throws when the device failed.
    func capturePeriod(into ring: RingBuffer, wait: Int32) throws(AudioError) -> Outcome {
        switch try device.read(into: period, capacity: device.periodFrames, wait: wait) {
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
