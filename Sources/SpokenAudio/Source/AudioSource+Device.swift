import Dispatch
import Synchronization

extension AudioSource {
    /// The longest wait between two attempts to open a missing or failed device.
    static let maximumBackoff: Double = 1
    /// The first wait after a failed open; doubled after each further failure.
    static let firstBackoff: Double = 0.01
    /// A running device that delivers nothing for this long has stalled: it is closed and reopened like a lost one.
    /// (The capture thread waits this long for its audio; `stop()` and the reader end the wait through `wake`.)
    static let stallMilliseconds: Int32 = 1000

    /// Starts the capture thread and waits for its first attempt to open `name`: a failure is thrown unless
    /// `waitForDevice`, in which case the thread keeps trying, and the wait ends after `stopGrace` (an open that does
    /// not return is the capture thread's to sit out; the service goes on, and stops when told).
    func startDevice(_ name: String, waitForDevice: Bool) throws(AudioError) {
        let first = Mutex<AudioError?>(nil)
        let attempted = DispatchSemaphore(value: 0)
        spawn { [self] in
            captureLoop(name, waitForDevice: waitForDevice) { error in
                first.withLock { $0 = error }
                attempted.signal()
            }
        }
        if waitForDevice {
            _ = attempted.wait(timeout: .now() + Self.stopGrace)
        } else {
            attempted.wait()
        }
        if let error = first.withLock({ $0 }), !waitForDevice { throw error }
    }

    /// The capture thread: open, read periods into the ring, recover overruns, reopen after failures, until `stop()`.
    /// `firstAttempt` is called once, with the first open's error or nil.
    private func captureLoop(
        _ name: String, waitForDevice: Bool, firstAttempt: (AudioError?) -> Void
    ) {
        var reported = false
        var backoff = Self.firstBackoff
        while !stopping.load(ordering: .relaxed) {
            let session: CaptureSession
            do {
                session = try CaptureSession(
                    name: name, sampleRate: sampleRate, wakeUpPeriods: Self.maximumPeriodsPerDelivery)
            } catch {
                openFailures.add(1, ordering: .relaxed)
                record(error)
                if !reported { firstAttempt(error) }
                reported = true
                guard waitForDevice || deviceLosses.load(ordering: .relaxed) > 0 else { return }
                retryMilliseconds.store(Int((backoff * 1000).rounded()), ordering: .relaxed)
                guard pause(until: .now() + backoff) else { return }
                backoff = min(backoff * 2, Self.maximumBackoff)
                continue
            }
            details.withLock { $0.format = "\(session.device.format)" }
            retryMilliseconds.store(0, ordering: .relaxed)
            capturing.store(true, ordering: .relaxed)
            if !reported { firstAttempt(nil) }
            reported = true
            backoff = Self.firstBackoff
            do throws(AudioError) {
                let periodSamples = session.device.periodFrames * sampleRate / session.device.format.sampleRate
                while !stopping.load(ordering: .relaxed) {
                    try session.wakeUp(every: periodsPerDelivery(periodSamples: periodSamples))
                    switch try session.capture(into: ring, wait: Self.stallMilliseconds, wakeUp: wake) {
                    case .captured:
                        wakeReader()
                    case .recovered:
                        xruns.add(1, ordering: .relaxed)
                    case .woken:
                        continue
                    case .idle:
                        throw AudioError(
                            .deviceFailed,
                            "capture device '\(name)' delivered no audio for \(Self.stallMilliseconds) ms")
                    }
                }
            } catch {
                capturing.store(false, ordering: .relaxed)
                deviceLosses.add(1, ordering: .relaxed)
                record(error)
            }
        }
    }
}
