import Foundation
import SpokenAudio
import Testing

/// Hand-made RIFF bytes for hostile-input tests.
enum RIFFBytes {
    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }

    /// A chunk whose size field says `size` (the true body length unless a test lies).
    static func chunk(_ id: String, _ body: [UInt8], size: Int? = nil) -> [UInt8] {
        Array(id.utf8) + le32(size ?? body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    static func fmt(tag: Int = 1, channels: Int = 1, rate: Int = 8000, blockAlign: Int? = nil, bits: Int = 16)
        -> [UInt8]
    {
        let align = blockAlign ?? channels * bits / 8
        return chunk("fmt ", le16(tag) + le16(channels) + le32(rate) + le32(rate * align) + le16(align) + le16(bits))
    }

    static func riff(_ chunks: [UInt8]..., size: Int? = nil) -> [UInt8] {
        let body = Array("WAVE".utf8) + chunks.flatMap { $0 }
        return Array("RIFF".utf8) + le32(size ?? body.count) + body
    }

    static let valid = riff(fmt(), chunk("data", le16(1000) + le16(-1000 & 0xFFFF) + le16(0)))
}

/// A hostile byte image, what it should be rejected as, and a phrase the message must contain.
struct HostileWAV: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    let code: AudioError.Code
    let phrase: String
    var testDescription: String { name }
}

@Suite("WAVFile on hostile input")
struct WAVHostileInputTests {
    typealias B = RIFFBytes

    static let cases: [HostileWAV] = [
        HostileWAV(name: "empty", bytes: [], code: .truncated, phrase: "needs 12"),
        HostileWAV(name: "truncated header", bytes: Array(B.valid[0..<11]), code: .truncated, phrase: "needs 12"),
        HostileWAV(
            name: "not RIFF", bytes: Array("OggS".utf8) + [UInt8](repeating: 0, count: 40),
            code: .malformed, phrase: "not a WAV file"),
        HostileWAV(
            name: "big-endian RIFX", bytes: Array("RIFX".utf8) + Array(B.valid[4...]),
            code: .unsupportedFormat, phrase: "RIFX"),
        HostileWAV(
            name: "not WAVE", bytes: Array(B.valid[0..<8]) + Array("AVI ".utf8) + Array(B.valid[12...]),
            code: .malformed, phrase: "'AVI '"),
        HostileWAV(
            name: "RIFF size beyond the file", bytes: B.riff(B.fmt(), B.chunk("data", [0, 0]), size: 0xFFFF_FFF0),
            code: .truncated, phrase: "declares 4294967288 bytes"),
        HostileWAV(
            name: "data beyond end of file",
            bytes: B.riff(B.fmt(), B.chunk("data", [0, 0], size: 1_000_000)),
            code: .truncated, phrase: "'data' chunk at byte 36 declares 1000000 bytes"),
        HostileWAV(
            name: "unknown chunk with absurd size",
            bytes: B.riff(B.chunk("LIST", [1, 2], size: 0xFFFF_FFFF), B.fmt(), B.chunk("data", [0, 0])),
            code: .truncated, phrase: "'LIST' chunk"),
        HostileWAV(
            name: "chunk header cut off", bytes: B.riff(B.fmt(), B.chunk("data", [0, 0]), [0x4C, 0x49, 0x53]),
            code: .truncated, phrase: "cut off"),
        HostileWAV(
            name: "zero channels", bytes: B.riff(B.fmt(channels: 0, blockAlign: 2), B.chunk("data", [0, 0])),
            code: .malformed, phrase: "0 channels"),
        HostileWAV(
            name: "0 Hz", bytes: B.riff(B.fmt(rate: 0), B.chunk("data", [0, 0])),
            code: .malformed, phrase: "0 Hz"),
        HostileWAV(
            name: "block align mismatch", bytes: B.riff(B.fmt(channels: 2, blockAlign: 3), B.chunk("data", [0, 0])),
            code: .malformed, phrase: "block align is 3 bytes"),
        HostileWAV(
            name: "65535 channels whose frame cannot fit the block align",
            bytes: B.riff(B.fmt(channels: 65535, blockAlign: 2), B.chunk("data", [0, 0])),
            code: .malformed, phrase: "65535 channels"),
        HostileWAV(
            name: "fmt chunk too short", bytes: B.riff(B.chunk("fmt ", [1, 0, 1, 0]), B.chunk("data", [0, 0])),
            code: .malformed, phrase: "needs at least 16"),
        HostileWAV(
            name: "extensible fmt too short", bytes: B.riff(B.fmt(tag: 0xFFFE), B.chunk("data", [0, 0])),
            code: .malformed, phrase: "needs at least 40"),
        HostileWAV(
            name: "A-law", bytes: B.riff(B.fmt(tag: 6, bits: 8), B.chunk("data", [0, 0])),
            code: .unsupportedFormat, phrase: "A-law"),
        HostileWAV(
            name: "16-bit float", bytes: B.riff(B.fmt(tag: 3, bits: 16), B.chunk("data", [0, 0])),
            code: .unsupportedFormat, phrase: "IEEE float (0x0003) with 16 bits"),
        HostileWAV(
            name: "12-bit PCM", bytes: B.riff(B.fmt(bits: 12, ), B.chunk("data", [0, 0])),
            code: .unsupportedFormat, phrase: "12 bits"),
        HostileWAV(name: "no data chunk", bytes: B.riff(B.fmt()), code: .malformed, phrase: "no 'data' chunk"),
        HostileWAV(
            name: "no fmt chunk", bytes: B.riff(B.chunk("LIST", [1, 2])), code: .malformed, phrase: "no 'fmt ' chunk"),
        HostileWAV(
            name: "data before fmt", bytes: B.riff(B.chunk("data", [0, 0]), B.fmt()),
            code: .malformed, phrase: "comes before the 'fmt ' chunk"),
        HostileWAV(
            name: "two fmt chunks", bytes: B.riff(B.fmt(), B.fmt(), B.chunk("data", [0, 0])),
            code: .malformed, phrase: "second 'fmt ' chunk"),
        HostileWAV(
            name: "NaN float sample",
            bytes: B.riff(B.fmt(tag: 3, bits: 32), B.chunk("data", B.le32(0) + B.le32(0x7FC0_0000))),
            code: .malformed, phrase: "sample 1 is nan"),
    ]

    @Test("hostile bytes are one clear AudioError", arguments: cases)
    func rejected(hostile: HostileWAV) {
        let error = #expect(throws: AudioError.self) { try WAVFile(bytes: hostile.bytes) }
        #expect(error?.code == hostile.code)
        #expect(error?.description.contains(hostile.phrase) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.contains("\n") == false)
    }

    @Test("the valid base case and odd padding at the end of the file are accepted")
    func validBase() throws {
        let wav = try WAVFile(bytes: B.valid)
        #expect(wav.samples == [1000 / 32768, -1000 / 32768, 0])
        // An odd data chunk that ends the file without its pad byte, and the RIFF size that counts the pad.
        let odd = B.riff(B.fmt(bits: 8), B.chunk("data", [128, 255, 0]))
        #expect(try WAVFile(bytes: Array(odd.dropLast())).samples == [0, 127 / 128, -1])
        // Bytes after the RIFF chunk (an appended tag) are not part of the file.
        #expect(try WAVFile(bytes: B.valid + Array("TAG junk".utf8)).samples.count == 3)
    }

    @Test("every proper prefix of a real file is rejected as truncated")
    func everyPrefix() throws {
        let fixture = try #require(WAVFixture.all.first { $0.file.hasPrefix("hand_odd_chunks") })
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.path)))
        for length in 0..<bytes.count - 1 {  // the last byte is the final chunk's pad byte, which may be missing
            let error = #expect(throws: AudioError.self) { try WAVFile(bytes: Array(bytes[0..<length])) }
            #expect(error?.code == .truncated, "prefix of \(length) bytes: \(error?.description ?? "")")
        }
    }

    @Test("single-byte corruptions of the header never crash")
    func corruptions() throws {
        let fixture = try #require(WAVFixture.all.first { $0.file.hasPrefix("soundfile_wavex_float32") })
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.path)))
        for offset in 0..<80 {
            for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF] {
                var corrupt = bytes
                corrupt[offset] = value
                if let wav = try? WAVFile(bytes: corrupt) {
                    #expect(wav.samples.count * wav.format.bytesPerSample <= corrupt.count)
                }
            }
        }
    }

    @Test("unreadable paths are io errors that name the file; a device is not read without end")
    func paths() {
        let missing = "/nonexistent/spokend.wav"
        let error = #expect(throws: AudioError.self) { try WAVFile(contentsOf: missing) }
        #expect(error?.code == .io)
        #expect(error?.description.hasPrefix("\(missing): cannot open") == true)
        let directory = #expect(throws: AudioError.self) { try WAVFile(contentsOf: "/tmp") }
        #expect(directory?.code == .io)
        let zero = #expect(throws: AudioError.self) { try WAVFile(contentsOf: "/dev/zero") }
        #expect(zero?.code == .malformed)
    }
}
