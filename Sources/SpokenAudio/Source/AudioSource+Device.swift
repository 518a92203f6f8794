import Dispatch
import Synchronization

extension AudioSource {
    /// The longest wait between two attempts to open a missing or failed device.
    static let maximumBackoff: Double = 1
    /// The first wait after a failed open; doubled after each further failure.
    static let firstBackoff: Double = 0.01

    /// Starts the capture thread and waits for its first attempt to open `name`: a failure is thrown unless
    /// `waitForDevice`, in which case the thread keeps trying.
    func startDevice(_ name: String, waitForDevice: Bool) throws(AudioError) {
        let first = Mutex<AudioError?>(nil)
        let attempted = DispatchSemaphore(value: 0)
        spawn { [self] in
            captureLoop(name, waitForDevice: waitForDevice) { error in
                first.withLock { $0 = error }
                attempted.signal()
            }
        }
        attempted.wait()
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
                session = try CaptureSession(name: name, sampleRate: sampleRate)
            } catch {
                openFailures.add(1, ordering: .relaxed)
                record(error)
                if !reported { firstAttempt(error) }
                reported = true
                guard waitForDevice || deviceLosses.load(ordering: .relaxed) > 0 else { return }
                guard pause(until: .now() + backoff) else { return }
                backoff = min(backoff * 2, Self.maximumBackoff)
                continue
            }
            details.withLock { $0.format = "\(session.device.format)" }
            capturing.store(true, ordering: .relaxed)
            if !reported { firstAttempt(nil) }
            reported = true
            backoff = Self.firstBackoff
            do {
                while !stopping.load(ordering: .relaxed) {
                    if try session.capturePeriod(into: ring) {
                        dataReady.signal()
                    } else {
                        xruns.add(1, ordering: .relaxed)
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
