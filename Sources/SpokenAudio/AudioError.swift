/// A capture device or an audio stream that cannot be used.
///
/// The module's second error type beside ``WAVError`` (files are one concern, live audio another); `Code` can grow
/// without breaking callers. The description is the whole message the CLI prints after `spokend: `, so it names the
/// device or stream and what ALSA or the system said.
public struct AudioError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable { case deviceUnavailable, unsupportedFormat, deviceFailed, io }
        fileprivate let base: Base

        /// The device could not be opened: unknown name, absent, busy, no permission.
        public static let deviceUnavailable = Code(base: .deviceUnavailable)
        /// The device offers no sample format, channel count or rate spokend can convert from.
        public static let unsupportedFormat = Code(base: .unsupportedFormat)
        /// An open device failed while capturing (unplugged, driver error) and could not be recovered in place.
        public static let deviceFailed = Code(base: .deviceFailed)
        /// Reading a file or standard input failed.
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
