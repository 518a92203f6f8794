import Foundation
import Synchronization

/// An ALSA capture device that a test can unplug and plug back in, captured through the real `snd_pcm_*` path.
///
/// It is `spokend_vanishing_<slot>` of ``ALSATestDevices``: the `file` plugin over `null`, reading its infile (the
/// samples, then the silence the plugin repeats after the end), and writing every captured frame to a FIFO that
/// this object drains at about real time — so the FIFO also paces the unpaced `null` plugin, as a sound card's clock
/// would. `unplug()` closes the FIFO's reading end and removes the infile: the plugin's next write fails (`EPIPE`),
/// so `snd_pcm_readi` fails with `EIO` as an unplugged USB microphone's read fails, and every attempt to open the
/// device fails (no infile) until `plugIn()`. A process capturing from it must ignore `SIGPIPE`.
public final class VanishingALSADevice: @unchecked Sendable {
    /// The ALSA PCM name to capture from.
    public let name: String
    private let infile: URL
    private let fifo: URL
    private let samples: [Float]
    /// The drain of the current plug-in: its FIFO descriptor, a semaphore that stops it, one that says it stopped.
    private let drain = Mutex<(fd: Int32, stop: DispatchSemaphore, stopped: DispatchSemaphore)?>(nil)

    /// Bytes drained per tick (100 ms of S16_LE mono 16 kHz) and the tick.
    private static let bytesPerTick = 3200
    private static let tick = DispatchTimeInterval.milliseconds(100)
    /// `F_SETPIPE_SZ` of <fcntl.h> on Linux.
    private static let setPipeSize: Int32 = 1031

    /// A plugged-in device that captures `samples` (end them with at least 0.7 s of silence: after the infile's
    /// end the plugin repeats its last read, and spokend reads up to the device's whole buffer at once, 0.64 s).
    public init(playing samples: [Float]) throws {
        let (testName, infile) = ALSATestDevices.reserve()
        name = testName.replacingOccurrences(of: "spokend_test_", with: "spokend_vanishing_")
        self.infile = infile
        fifo = infile.deletingPathExtension().appendingPathExtension("fifo")
        self.samples = samples
        guard mkfifo(fifo.path, 0o600) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: fifo.path])
        }
        try plugIn()
    }

    deinit {
        stopDraining()
        try? FileManager.default.removeItem(at: fifo)
        try? FileManager.default.removeItem(at: infile)
    }

    /// Makes the device openable again (from the start of its samples) and drains what it captures.
    public func plugIn() throws {
        // The reading end first: the plugin opens the FIFO for writing when the device is configured, and that open
        // waits for a reader.
        let fd = open(fifo.path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: fifo.path]) }
        // A small pipe, so the capture runs at most about 130 ms ahead of the drain's clock (F_SETPIPE_SZ, which
        // Swift's Glibc module does not export: it is a _GNU_SOURCE name).
        _ = fcntl(fd, Self.setPipeSize, 4096)
        let stop = DispatchSemaphore(value: 0)
        let stopped = DispatchSemaphore(value: 0)
        drain.withLock { $0 = (fd, stop, stopped) }
        let thread = Thread {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.bytesPerTick, alignment: 2)
            defer { buffer.deallocate() }
            // One read per tick: the FIFO empties at real time, and a full FIFO holds the capture back.
            while stop.wait(timeout: .now() + Self.tick) == .timedOut {
                _ = read(fd, buffer, Self.bytesPerTick)
            }
            stopped.signal()
        }
        thread.start()
        try ALSATestDevices.write(samples, to: infile)
    }

    /// Pulls the device: capture through it fails, and opening it fails until `plugIn()`.
    public func unplug() {
        try? FileManager.default.removeItem(at: infile)
        stopDraining()
    }

    /// Jams the device: capture through it fails, and an open of it never returns (the infile is there, but the FIFO
    /// that the plugin opens for writing has no reader), as the open of a sound card that another program holds waits
    /// without `SND_PCM_NONBLOCK`, or a network PCM's open waits for its server. `plugIn()` frees it.
    public func jam() {
        stopDraining()
    }

    private func stopDraining() {
        guard let current = drain.withLock({ $0.take() }) else { return }
        current.stop.signal()
        current.stopped.wait()
        close(current.fd)
    }
}
