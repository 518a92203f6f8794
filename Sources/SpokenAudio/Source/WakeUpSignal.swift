import Dispatch
import Foundation

/// Wakes an ``AudioSource``'s producer thread out of its wait: when the source stops, and when the reader wants audio
/// sooner than the producer meant to deliver it (speech began while the producer waited for a large batch).
///
/// A pipe the producer waits on in the same `poll` as on its input (an ALSA device's descriptors, standard input) or
/// until its next paced period, so it needs no timer of its own and no polling loop: a quiet producer wakes only when
/// its audio is due. A signal given before the wait is not lost: the pipe stays readable until the waiter clears it.
final class WakeUpSignal: Sendable {
    /// The pipe's reading end, for a `poll` set (`POLLIN` once signalled).
    let descriptor: Int32
    private let writingEnd: Int32

    /// Makes the pipe, both ends non-blocking and closed on exec (`pipe`, `fcntl`).
    init() throws(AudioError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw AudioError(.io, "audio source: cannot make its wake-up pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        descriptor = ends[0]
        writingEnd = ends[1]
    }

    deinit {
        close(descriptor)
        close(writingEnd)
    }

    /// Wakes the waiter now, or at its next wait if it is not waiting. Safe from any thread; a pipe full of signals
    /// not yet cleared stays readable, so a failed write loses nothing.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writingEnd, &byte, 1)
    }

    /// Forgets the signals given so far (the waiter calls it once its `poll` saw the descriptor readable).
    func clear() {
        var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        while read(descriptor, &bytes, MemoryLayout.size(ofValue: bytes)) == MemoryLayout.size(ofValue: bytes) {}
    }

    /// Waits until a signal (cleared, returns true) or `deadline` (returns false). `poll` counts whole
    /// milliseconds, so the wait is rounded up: it never ends before `deadline`.
    func wait(until deadline: DispatchTime) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            let remaining = deadline.uptimeNanoseconds > now ? deadline.uptimeNanoseconds - now : 0
            let ready = poll(&entry, 1, Int32(clamping: remaining / 1_000_000 + (remaining % 1_000_000 > 0 ? 1 : 0)))
            if ready > 0 {
                clear()
                return true
            }
            if ready == 0 || errno != EINTR { return false }
        }
    }
}
