import Foundation
import SpokenAudio
import TestSupport
import Testing

/// One committed fixture: a WAV written by an independent writer, and what libsndfile reads from it.
struct WAVFixture: Decodable, CustomTestStringConvertible, Sendable {
    let file: String
    let sampleRate: Int
    let channels: Int
    let format: String
    let writer: String

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/wav")

    static let all: [WAVFixture] = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let data = try! Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try! decoder.decode([WAVFixture].self, from: data)
    }()

    var path: String { Self.directory.appendingPathComponent(file).path }

    /// libsndfile's reading, `soundfile.read(dtype="float64")`, interleaved.
    var expectedSamples: [Double] {
        let data = try! Data(
            contentsOf: URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("f64"))
        return data.withUnsafeBytes { raw in
            (0..<data.count / 8).map {
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))
            }
        }
    }

    var testDescription: String { file }
}

@Suite("WAVFile")
struct WAVFileTests {
    @Test("reads what wave, soundfile and scipy wrote, sample for sample as libsndfile does", arguments: WAVFixture.all)
    func readsIndependentWriters(fixture: WAVFixture) throws {
        let wav = try WAVFile(contentsOf: fixture.path)
        #expect(wav.sampleRate == fixture.sampleRate)
        #expect(wav.channelCount == fixture.channels)
        #expect(wav.format.rawValue == fixture.format)
        let expected = fixture.expectedSamples
        try #require(wav.samples.count == expected.count)
        // Float holds 24 bits: 8/16/24-bit PCM and float32 are exact, 32-bit PCM and float64 within half an ulp.
        let worst = zip(wav.samples, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= 6e-8, "largest difference \(worst)")
    }

    @Test("mono() averages the channels of each frame")
    func mixdown() throws {
        let wav = WAVFile(sampleRate: 8000, channelCount: 3, samples: [0.3, 0.6, -0.3, 1, 1, 1, -0.5, 0, 0.5])
        let mono = wav.mono()
        #expect(mono.channelCount == 1)
        #expect(mono.sampleRate == 8000)
        #expect(zip(mono.samples, [0.2, 1, 0] as [Float]).allSatisfy { abs($0 - $1) < 1e-7 })
        let fixture = try #require(WAVFixture.all.first { $0.channels == 6 })
        let six = try WAVFile(contentsOf: fixture.path)
        let mixed = six.mono()
        #expect(mixed.frameCount == six.frameCount)
        let frame = 5
        let mean = (0..<6).map { Double(six.samples[frame * 6 + $0]) }.reduce(0, +) / 6
        #expect(abs(Double(mixed.samples[frame]) - mean) < 1e-7)
    }

    @Test("writing then reading the same format gives back the same samples", arguments: WAVSampleFormat.allCases)
    func roundTrip(format: WAVSampleFormat) throws {
        let original = try WAVFile(contentsOf: WAVFixture.all.first { $0.format == format.rawValue }!.path)
        let bytes = try original.encoded(as: format)
        let again = try WAVFile(bytes: bytes)
        #expect(again.format == format)
        #expect(again.sampleRate == original.sampleRate && again.channelCount == original.channelCount)
        #expect(again.samples == original.samples)
    }

    @Test("integer formats round to nearest and clip at full scale")
    func quantization() throws {
        let wav = WAVFile(sampleRate: 16000, channelCount: 1, samples: [1.5, 1, -1, -2, 0.5 / 32768, 0.49 / 32768])
        let back = try WAVFile(bytes: wav.encoded(as: .pcm16))
        let expected16: [Float] = [32767 / 32768, 32767 / 32768, -1, -1, 1 / 32768, 0]
        #expect(back.samples == expected16)
        let eight = try WAVFile(bytes: wav.encoded(as: .pcm8))
        let expected8: [Float] = [127 / 128, 127 / 128, -1, -1, 0, 0]
        #expect(eight.samples == expected8)
    }

    @Test(
        "libsndfile and scipy read what spokend wrote", .enabled(if: PythonReference.isAvailable),
        arguments: WAVSampleFormat.allCases)
    func pythonReadsWhatSwiftWrote(format: WAVSampleFormat) throws {
        let source = try WAVFile(contentsOf: WAVFixture.all.first { $0.channels == 6 }!.path)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try source.write(to: path, as: format)

        struct Reading: Decodable {
            let sampleRate: Int
            let channels: Int
            let subtype: String
            let samples: [Double]
            let scipyOk: Bool
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let reading = try decoder.decode(
            Reading.self, from: Data(PythonReference.run("wav_reference.py", [path]).utf8))
        let subtypes: [WAVSampleFormat: String] = [
            .pcm8: "PCM_U8", .pcm16: "PCM_16", .pcm24: "PCM_24", .pcm32: "PCM_32", .float32: "FLOAT",
            .float64: "DOUBLE",
        ]
        #expect(reading.subtype == subtypes[format])
        #expect(reading.sampleRate == 48000 && reading.channels == 6)
        #expect(reading.scipyOk)
        let mine = try WAVFile(contentsOf: path)
        try #require(reading.samples.count == mine.samples.count)
        let worst = zip(mine.samples, reading.samples).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= 6e-8)
    }

    @Test("write replaces the target atomically and leaves no temporary file behind")
    func atomicWrite() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.wav").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let wav = WAVFile(sampleRate: 16000, channelCount: 1, samples: [0, 0.5, -0.5])
        try wav.write(to: path, as: .float32)
        #expect(try WAVFile(contentsOf: path).samples == wav.samples)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.wav"])

        let missing = directory.appendingPathComponent("no/such/dir/out.wav").path
        let error = #expect(throws: AudioError.self) { try wav.write(to: missing, as: .pcm16) }
        #expect(error?.code == .io)
        #expect(error?.description.hasPrefix(missing) == true)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("non-finite samples and byte rates beyond 32 bits are refused when writing")
    func unwritable() throws {
        let wav = WAVFile(sampleRate: 16000, channelCount: 1, samples: [0, .nan])
        #expect(throws: AudioError.self) { try wav.encoded(as: .float32) }
        // Found by fuzz-wav: a file read at 1 GHz (the reader ignores the byte rate) trapped on re-encoding.
        let fast = WAVFile(sampleRate: 1_056_986_658, channelCount: 2, samples: [0, 0])
        let error = #expect(throws: AudioError.self) { try fast.encoded(as: .pcm32) }
        #expect(error?.code == .unsupportedFormat)
        #expect(try WAVFile(bytes: fast.encoded(as: .pcm8)).sampleRate == 1_056_986_658)
    }
}
