/// The raw samples a capture device (or standard input) delivers: little-endian, interleaved by frame.
struct CaptureFormat: Sendable, Equatable, CustomStringConvertible {
    /// Sample encodings spokend reads, in order of preference.
    enum SampleType: CaseIterable, Sendable, CustomStringConvertible {
        /// S16_LE, scaled by 1/32768 as WAV files are.
        case int16
        /// S32_LE, scaled by 1/2^31.
        case int32
        /// FLOAT_LE, taken as it is.
        case float32

        var bytes: Int { self == .int16 ? 2 : 4 }

        var description: String {
            switch self {
            case .int16: "S16_LE"
            case .int32: "S32_LE"
            case .float32: "FLOAT_LE"
            }
        }
    }

    let sampleType: SampleType
    let channels: Int
    let sampleRate: Int

    var bytesPerFrame: Int { sampleType.bytes * channels }

    var description: String { "\(sampleType) \(channels) ch \(sampleRate) Hz" }
}
