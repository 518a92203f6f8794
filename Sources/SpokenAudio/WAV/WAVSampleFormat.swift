/// How one sample is stored in a WAV file's `data` chunk.
///
/// These are the encodings spokend reads and writes: integer PCM (`WAVE_FORMAT_PCM`, 8-bit unsigned, 16/24/32-bit
/// signed) and IEEE float (`WAVE_FORMAT_IEEE_FLOAT`, 32/64-bit), plain or wrapped in `WAVE_FORMAT_EXTENSIBLE`.
/// Compressed encodings (A-law, µ-law, ADPCM, MP3) are refused with a message that names them.
public enum WAVSampleFormat: String, CaseIterable, Sendable {
    case pcm8 = "8-bit PCM"
    case pcm16 = "16-bit PCM"
    case pcm24 = "24-bit PCM"
    case pcm32 = "32-bit PCM"
    case float32 = "32-bit float"
    case float64 = "64-bit float"

    /// Bytes of one sample of one channel.
    public var bytesPerSample: Int {
        switch self {
        case .pcm8: 1
        case .pcm16: 2
        case .pcm24: 3
        case .pcm32, .float32: 4
        case .float64: 8
        }
    }

    /// The `wFormatTag` written for this format: 1 (`WAVE_FORMAT_PCM`) or 3 (`WAVE_FORMAT_IEEE_FLOAT`).
    var formatTag: UInt16 {
        switch self {
        case .pcm8, .pcm16, .pcm24, .pcm32: 1
        case .float32, .float64: 3
        }
    }

    /// The format for a `wFormatTag` (after unwrapping `WAVE_FORMAT_EXTENSIBLE`) and container bit depth, if spokend
    /// reads it.
    init?(formatTag: UInt16, bitsPerSample: UInt16) {
        switch (formatTag, bitsPerSample) {
        case (1, 8): self = .pcm8
        case (1, 16): self = .pcm16
        case (1, 24): self = .pcm24
        case (1, 32): self = .pcm32
        case (3, 32): self = .float32
        case (3, 64): self = .float64
        default: return nil
        }
    }

    /// A readable name for a `wFormatTag`, for error messages about files spokend does not read.
    static func name(ofFormatTag tag: UInt16) -> String {
        let digits = String(tag, radix: 16, uppercase: true)
        let hex = "0x" + String(repeating: "0", count: 4 - digits.count) + digits
        switch tag {
        case 1: return "PCM (\(hex))"
        case 2: return "Microsoft ADPCM (\(hex))"
        case 3: return "IEEE float (\(hex))"
        case 6: return "A-law (\(hex))"
        case 7: return "µ-law (\(hex))"
        case 0x11: return "IMA ADPCM (\(hex))"
        case 0x55: return "MPEG layer 3 (\(hex))"
        default: return "format tag \(hex)"
        }
    }
}
