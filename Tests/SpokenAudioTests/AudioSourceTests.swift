import Foundation
import SpokenDSP
import TestSupport
import Testing

@testable import SpokenAudio

@Suite("AudioSource")
struct AudioSourceTests {
    /// Half a second of a 16-bit WAV file: a chirp with a little noise, the full range of values a microphone gives.
    static func speechLikeWAV() throws -> WAVFile {
        let samples = (0..<8000).map { i -> Float in
            let t = Float(i) / 16000
            let noise = Float((i * 7919) % 101 - 50) / 5000
            return 0.6 * sin(2 * .pi * (200 + 900 * t) * t) + noise
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-chirp-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: samples).write(to: path, as: .pcm16)
        return try WAVFile(contentsOf: path)
    }

    /// Reads until `count` samples came or `source` ended; gives up after `limit` without any new sample.
    static func collect(_ source: AudioSource, count: Int, limit: Duration = .seconds(20)) -> [Float] {
        var result = [Float]()
        var chunk = [Float](repeating: 0, count: 1024)
        while result.count < count {
            let read = chunk.withUnsafeMutableBufferPointer { source.read(into: $0, timeout: limit) }
            guard case .samples(let n) = read else { break }
            result += chunk[0..<min(n, count - result.count)]
        }
        return result
    }

    /// Where `actual` first differs from `expected` (nil when equal), so a failure prints one sample, not thousands.
    static func mismatch(_ actual: [Float], _ expected: [Float]) -> String? {
        guard actual.count == expected.count else { return "\(actual.count) samples, expected \(expected.count)" }
        guard let index = actual.indices.first(where: { actual[$0] != expected[$0] }) else { return nil }
        return "sample \(index): \(actual[index]), expected \(expected[index])"
    }

    @Test("a WAV captured through snd_pcm_readi (ALSA file plugin) equals the file, sample for sample")
    func captureEqualsWAV() throws {
        let wav = try Self.speechLikeWAV()
        let name = try ALSATestDevices.device(playing: wav.samples)
        // The test device is not paced by a clock, so the ring is made large enough that the reader cannot fall
        // behind it in this test.
        let source = try AudioSource(.device(name), bufferSeconds: 240)
        try source.start()
        let captured = Self.collect(source, count: wav.samples.count)
        source.stop()
        #expect(Self.mismatch(captured, wav.samples) == nil)
        let status = source.status
        #expect(status.droppedSamples == 0)
        #expect(status.xruns == 0 && status.deviceLosses == 0 && status.openFailures == 0)
        #expect(status.deviceFormat == "S16_LE 1 ch 16000 Hz")
        #expect(source.read(into: .init(start: nil, count: 0), timeout: .zero) == .ended)
    }

    @Test("a device that cannot be opened is one clear error naming it and ALSA's reason")
    func missingDevice() throws {
        let unknown = try AudioSource(.device("spokend_no_such_device"))
        let error = #expect(throws: AudioError.self) { try unknown.start() }
        #expect(error?.code == .deviceUnavailable)
        #expect(
            error?.description
                == "cannot open capture device 'spokend_no_such_device': Unknown PCM spokend_no_such_device")

        let (name, infile) = ALSATestDevices.reserve()
        let absent = try AudioSource(.device(name))
        let reason = #expect(throws: AudioError.self) { try absent.start() }
        #expect(reason?.description.contains("open \(infile.path) for reading failed") == true)
        #expect(absent.status.openFailures == 1 && !absent.status.isCapturing)
    }

    @Test("a device missing at start is retried with back-off and captured from once it appears")
    func waitsForDevice() throws {
        let wav = try Self.speechLikeWAV()
        let (name, infile) = ALSATestDevices.reserve()
        let source = try AudioSource(.device(name), bufferSeconds: 240)
        try source.start(waitForDevice: true)
        let waiting = source.status
        #expect(waiting.openFailures >= 1 && !waiting.isCapturing)
        #expect(waiting.lastError?.contains(name) == true)
        #expect(source.read(into: .init(start: nil, count: 0), timeout: .milliseconds(1)) == .timedOut)

        try ALSATestDevices.write(wav.samples, to: infile)
        let captured = Self.collect(source, count: wav.samples.count)
        #expect(source.status.isCapturing)
        source.stop()
        #expect(Self.mismatch(captured, wav.samples) == nil)
        #expect(!source.status.isCapturing)
    }

    @Test("stopping a source that waits for its device ends it at once: the reader gets the end, nothing is captured")
    func stopWhileWaiting() throws {
        let (name, _) = ALSATestDevices.reserve()
        let source = try AudioSource(.device(name))
        try source.start(waitForDevice: true)
        source.stop()
        #expect(source.read(into: .init(start: nil, count: 0), timeout: .seconds(5)) == .ended)
        let status = source.status
        #expect(status.openFailures >= 1 && status.samples == 0 && !status.isCapturing)
        source.stop()
    }

    @Test("a WAV file input gives its samples, mixed to mono and resampled, then ends", arguments: [false, true])
    func fileInput(realtime: Bool) throws {
        let wav = try Self.speechLikeWAV()
        let stereo = WAVFile(
            sampleRate: 16000, channelCount: 2, samples: wav.samples.flatMap { [$0, -$0 / 2] }, format: .float32)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-stereo-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try stereo.write(to: path, as: .float32)
        // A ring smaller than the file: a paced file's producer must wait for the reader instead of dropping (a
        // file read as fast as possible has no producer: the reader copies from it).
        let source = try AudioSource(.file(path, realtime: realtime), bufferSeconds: 0.05)
        try source.start()
        let captured = Self.collect(source, count: .max)
        #expect(Self.mismatch(captured, stereo.mono().samples) == nil)
        #expect(source.status.droppedSamples == 0)
        source.stop()
    }

    @Test("a paced source delivers a quiet reader's batch at once, and a reader that asks for less is not kept waiting")
    func batchesAndEarlyWake() throws {
        let samples = (0..<32000).map { Float(($0 * 7919) % 2001 - 1000) / 2000 }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-paced-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: samples).write(to: path, as: .float32)
        let source = try AudioSource(.file(path, realtime: true))
        try source.start()
        defer { source.stop() }
        var captured: [Float] = []
        var buffer = [Float](repeating: 0, count: 32000)
        func read(minimum: Int) -> Int {
            let result = buffer.withUnsafeMutableBufferPointer {
                source.read(into: $0, minimum: minimum, timeout: .seconds(10))
            }
            guard case .samples(let count) = result else { return 0 }
            captured += buffer[0..<count]
            return count
        }
        // Two batches of the most periods a producer delivers at once (0.32 s): after the second, the producer waits
        // until the third batch's last period starts, 0.32 s of audio away.
        let batch = AudioSource.maximumPeriodsPerDelivery * 160
        #expect(read(minimum: batch) >= batch)
        #expect(read(minimum: batch) >= batch)
        // Asking for one period wakes it: it writes the periods started since, not the whole batch.
        let early = read(minimum: 160)
        #expect(early > 0 && early < batch)
        while captured.count < samples.count, read(minimum: 160) > 0 {}
        #expect(Self.mismatch(captured, samples) == nil)
    }

    @Test("requestStop from another thread ends a read that waits for a large batch: the reader gets the end early")
    func requestStopWakesReader() throws {
        // Ten seconds paced at real time: a reader asking for all of it would wait ten seconds.
        let samples = [Float](repeating: 0, count: 160_000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-stop-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: samples).write(to: path, as: .pcm16)
        let source = try AudioSource(.file(path, realtime: true), bufferSeconds: 20)
        try source.start()
        defer { source.stop() }
        // Before or during the wait, whichever the scheduler makes it: either way the read must not wait it out.
        Thread { source.requestStop() }.start()
        var buffer = [Float](repeating: 0, count: samples.count)
        var captured = 0
        var results: [AudioSource.ReadResult] = []
        while results.last != .ended, results.count < 100 {
            let result = buffer.withUnsafeMutableBufferPointer {
                source.read(into: $0, minimum: samples.count, timeout: .seconds(60))
            }
            if case .samples(let count) = result { captured += count }
            results.append(result)
        }
        #expect(results.last == .ended && !results.contains(.timedOut), "\(results)")
        #expect(captured < samples.count)
    }

    @Test("a file read as fast as possible: status counts what was read, and stop ends it at once")
    func unpacedFileStops() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-unpaced-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.speechLikeWAV().write(to: path, as: .float32)
        let source = try AudioSource(.file(path, realtime: false))
        try source.start()
        var buffer = [Float](repeating: 0, count: 100)
        func read() -> AudioSource.ReadResult {
            buffer.withUnsafeMutableBufferPointer { source.read(into: $0, timeout: .seconds(5)) }
        }
        #expect(read() == .samples(100))
        #expect(source.status.samples == 100 && source.status.isCapturing)
        source.stop()
        #expect(read() == .ended)
        #expect(source.status.samples == 100 && !source.status.isCapturing)
    }

    @Test("a file that is not a WAV is an error from start, naming it")
    func badFile() throws {
        let source = try AudioSource(.file("/nonexistent/x.wav", realtime: false))
        let error = #expect(throws: AudioError.self) { try source.start() }
        #expect(error?.description.hasPrefix("/nonexistent/x.wav:") == true)
    }

    @Test("another device format is mixed to mono and resampled as WAVFile does it")
    func converter() throws {
        let wav = try Self.speechLikeWAV()
        // Stereo S32_LE at 48 kHz, as a USB microphone may offer, made from the same audio.
        let reference = try WAVFile(
            sampleRate: 16000, channelCount: 2, samples: wav.samples.flatMap { [$0, $0 / 2] }
        ).resampled(to: 48000)
        var raw = [Int32]()
        for sample in reference.samples { raw.append(Int32((Double(sample) * 2_147_483_648).rounded())) }
        let quantized = WAVFile(
            sampleRate: 48000, channelCount: 2, samples: raw.map { Float($0) / 2_147_483_648 })
        let expected = try quantized.mono().resampled(to: 16000).samples

        let format = CaptureFormat(sampleType: .int32, channels: 2, sampleRate: 48000)
        let converter = try CaptureConverter(format: format, outputRate: 16000, maximumFrames: 480)
        let ring = try RingBuffer(minimumCapacity: 1 << 16)
        var written = 0
        raw.withUnsafeBytes { bytes in
            var frame = 0
            while frame < raw.count / 2 {
                let frames = min(480, raw.count / 2 - frame)
                written += converter.append(bytes.baseAddress! + frame * 8, frames: frames, to: ring)
                frame += frames
            }
        }
        written += converter.finish(to: ring)
        var converted = [Float](repeating: 0, count: written)
        let count = converted.withUnsafeMutableBufferPointer { ring.read(into: $0) }
        converted.removeSubrange(count...)
        #expect(Self.mismatch(converted, expected) == nil)
    }

    @Test("the capture devices include the PCMs of ALSA's configuration, with their descriptions")
    func listsDevices() throws {
        let name = try ALSATestDevices.device(playing: [0])
        let devices = try CaptureDevice.all()
        let device = try #require(devices.first { $0.name == name })
        #expect(device.description.hasPrefix(ALSATestDevices.description))
        #expect(devices.contains { $0.name == "null" })
        #expect(CaptureDevice.listing([device]) == "\(name)\n    \(device.description)")
    }
}
