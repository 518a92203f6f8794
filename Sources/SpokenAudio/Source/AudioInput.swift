/// Where an ``AudioSource`` gets its audio.
public enum AudioInput: Sendable, Equatable, CustomStringConvertible {
    /// An ALSA capture device by name: `default`, `hw:1,0`, `plughw:CARD=USB,DEV=0`, any PCM from the ALSA
    /// configuration (`spokend devices` lists them).
    case device(String)
    /// A WAV file (any format ``WAVFile`` reads), mixed down to mono and resampled; delivered as fast as the reader
    /// takes it, or at the pace of real time when `realtime` is true (as a microphone would).
    case file(String, realtime: Bool)
    /// Raw S16_LE mono samples at 16 kHz on standard input, as `arecord -f S16_LE -r 16000` writes them.
    case standardInput

    /// The input the CLI's options name: `--input -` is standard input, `--input FILE` a WAV file, neither the
    /// capture device `device`.
    public init(input: String?, device: String, realtime: Bool) {
        switch input {
        case nil: self = .device(device)
        case "-": self = .standardInput
        case let path?: self = .file(path, realtime: realtime)
        }
    }

    /// Whether the audio comes at the pace of real time and must never wait for its reader (a device), or may be
    /// held back until the reader has room (a file or a pipe).
    public var isLive: Bool {
        if case .device = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .device(let name): "capture device '\(name)'"
        case .file(let path, let realtime): realtime ? "\(path) (real time)" : path
        case .standardInput: "standard input (S16_LE, 16 kHz, mono)"
        }
    }
}
