/// A WAV file that cannot be read or written, or a capture device or audio stream that cannot be used.
///
/// The module's one error type: WAV files and live audio end in the same place (the CLI's one line, a skipped clip
/// in a corpus), so callers catch one type and switch on `Code` when they care which. `Code` can grow without breaking
/// callers. The description is the whole message the CLI prints after `spokend: `, so it names the file, device or
/// stream and what was wrong with it, or what ALSA or the system said.
public struct AudioError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case truncated, malformed, unsupportedFormat, deviceUnavailable, deviceFailed, io
        }
        fileprivate let base: Base

        /// A WAV file ends before a chunk or sample its header announces.
        public static let truncated = Code(base: .truncated)
        /// A WAV file's bytes are not a RIFF/WAVE file, or its chunks contradict each other.
        public static let malformed = Code(base: .malformed)
        /// A WAV encoding (sample format, channels, rate) spokend cannot read or write, or a device that offers no
        /// sample format, channel count or rate spokend can convert from.
        public static let unsupportedFormat = Code(base: .unsupportedFormat)
        /// The device could not be opened: unknown name, absent, busy, no permission.
        public static let deviceUnavailable = Code(base: .deviceUnavailable)
        /// An open device failed while capturing (unplugged, driver error) and could not be recovered in place.
        public static let deviceFailed = Code(base: .deviceFailed)
        /// Reading or writing a file, or reading standard input, failed.
        public static let io = Code(base: .io)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
