import Dispatch
import Foundation

extension AudioSource {
    /// Most samples the standard-input producer writes at a time.
    static let pipeChunk = 16384

    /// Reads and converts the whole WAV file now (so a bad file is an error from `start`). Paced at real time, it is
    /// streamed from the producer thread like a capture device with 10 ms periods (each period written when it
    /// starts; several at once when the reader asks for that many, as a device would wake for them; a reader that
    /// asks for less wakes the producer, which writes the periods started so far at once); otherwise `read` takes it
    /// straight from memory (``UnpacedFile``) and no thread is started.
    func startFile(_ path: String, realtime: Bool) throws(AudioError) {
        let samples = try WAVFile(contentsOf: path).mono().resampled(to: sampleRate).samples
        details.withLock { $0.format = "WAV file" }
        capturing.store(true, ordering: .relaxed)
        guard realtime else {
            unpacedFile.withLock { $0 = UnpacedFile(samples: samples) }
            exited.signal()  // there is no producer thread for `stop()` to wait for
            return
        }
        let period = max(1, sampleRate / 100)
        spawn { [self] in
            let start = DispatchTime.now().uptimeNanoseconds
            let rate = UInt64(sampleRate)
            samples.withUnsafeBufferPointer { all in
                var offset = 0
                while offset < all.count {
                    let end = min(offset + period * periodsPerDelivery(periodSamples: period), all.count)
                    // Due when its last period starts; a reader that wants audio sooner ends the pause early.
                    let due = (UInt64(max(offset, end - period)) * 1_000_000_000 + rate - 1) / rate
                    guard pause(until: DispatchTime(uptimeNanoseconds: start + due)) else { return }
                    // Every period started by now, at most up to `end`: all of them after the whole pause.
                    let elapsed = DispatchTime.now().uptimeNanoseconds - start
                    let started = (Int(elapsed * rate / 1_000_000_000) / period + 1) * period
                    let count = min(end, started) - offset
                    guard count > 0 else { continue }
                    guard waitForRoom(count) else { return }
                    ring.write(UnsafeBufferPointer(rebasing: all[offset..<(offset + count)]))
                    wakeReader()
                    offset += count
                }
            }
        }
    }

    /// Streams raw S16_LE mono 16 kHz samples from standard input until it ends (or `stop()`).
    func startStandardInput() {
        details.withLock { $0.format = "S16_LE 1 ch 16000 Hz" }
        capturing.store(true, ordering: .relaxed)
        spawn { [self] in
            // At most a pipe chunk of output per read, so the room it waits for is there once the reader catches up.
            let frames = max(1, min(Self.pipeChunk, Self.pipeChunk * 16000 / sampleRate))
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: 2 * frames + 1, alignment: 2)
            defer { buffer.deallocate() }
            let converter: CaptureConverter
            do throws(AudioError) {
                converter = try CaptureConverter(
                    format: CaptureFormat(sampleType: .int16, channels: 1, sampleRate: 16000), outputRate: sampleRate,
                    maximumFrames: frames)
            } catch {
                record(error)
                return
            }
            var pending = 0  // an odd byte left over from the last read
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.descriptor, events: Int16(POLLIN), revents: 0),
            ]
            while !stopping.load(ordering: .relaxed) {
                // Waits for input or `wake` (`stop()`, a reader that wants audio sooner), nothing else.
                let ready = poll(&descriptors, 2, -1)
                if ready < 0 && errno == EINTR { continue }
                if ready > 0 && descriptors[1].revents != 0 {
                    wake.clear()
                    if descriptors[0].revents == 0 { continue }
                }
                let count = ready < 0 ? -1 : Foundation.read(STDIN_FILENO, buffer + pending, 2 * frames - pending)
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    record(AudioError(.io, "standard input: \(String(cString: strerror(errno)))"))
                    break
                }
                if count == 0 { break }
                let available = pending + count
                let frames = available / 2
                guard waitForRoom(Self.pipeChunk) else { return }
                _ = converter.append(buffer, frames: frames, to: ring)
                pending = available % 2
                if pending == 1 {
                    buffer.storeBytes(of: buffer.load(fromByteOffset: available - 1, as: UInt8.self), as: UInt8.self)
                }
                wakeReader()
            }
            _ = converter.finish(to: ring)
        }
    }
}
