/// A PCM that ALSA's configuration advertises for capture, as `arecord -L` lists it.
public struct CaptureDevice: Sendable, Equatable {
    /// What `--device` takes: `default`, `sysdefault:CARD=PCH`, `plughw:CARD=USB,DEV=0`, or a PCM of one's own.
    public let name: String
    /// ALSA's description, possibly several lines ("HDA Intel PCH, ALC892 Analog\nDefault Audio Device").
    public let description: String

    /// The capture devices ALSA knows, in its order: PCMs from the configuration files (`~/.asoundrc`,
    /// `/etc/asound.conf`, or `ALSA_CONFIG_PATH`) whose hints do not say playback only, and every sound card's.
    public static func all() throws(AudioError) -> [CaptureDevice] {
        try PCMDevice.captureDevices()
    }

    /// The listing `arecord -L` prints: the name, then each line of its description (if any) indented by four
    /// spaces.
    public static func listing(_ devices: [CaptureDevice]) -> String {
        devices.map { device in
            let lines = device.description.isEmpty ? [] : device.description.split(separator: "\n").map { "    \($0)" }
            return ([device.name] + lines).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
