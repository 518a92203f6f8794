import Dispatch
import Foundation

extension AudioSource {
    /// Most samples the standard-input producer writes at a time.
    static let pipeChunk = 16384

    /// Reads and converts the whole WAV file now (so a bad file is an error from `start`). Paced at real time, it is
    /// streamed from the producer thread like a capture device with 10 ms periods (each period written when it
    /// starts; a few at once when the reader asks for that many, as a device would wake for them); otherwise `read`
    /// takes it straight from memory (``UnpacedFile``) and no thread is started.
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
            let start = DispatchTime.now()
            samples.withUnsafeBufferPointer { all in
                var offset = 0
                while offset < all.count {
                    let count = min(period * periodsPerDelivery(periodSamples: period), all.count - offset)
                    // When its last period starts: a single period is written as it starts, as before.
                    let due = UInt64(Double(offset + max(0, count - period)) / Double(sampleRate) * 1e9)
                    guard pause(until: DispatchTime(uptimeNanoseconds: start.uptimeNanoseconds + due)) else {
                        return
                    }
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
            while !stopping.load(ordering: .relaxed) {
                // Polled, so `stop()` is seen within 100 ms even when nothing arrives.
                var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, 100)
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
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
