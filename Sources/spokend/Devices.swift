import ArgumentParser
import SpokenAudio

/// `spokend devices`: the ALSA capture devices `--device` can name.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the ALSA capture devices that --device can name, as arecord -L does.",
        discussion: """
            Each device is its name (what --device takes), then ALSA's description indented. A device that is not \
            16 kHz mono S16_LE is converted (channels averaged, rate resampled), so any of them will do; plughw: \
            names let ALSA convert instead.

            Examples:
              spokend devices
              spokend listen --device plughw:CARD=USB,DEV=0
              ALSA_CONFIG_PATH=my-asound.conf spokend devices      # PCMs defined in a configuration of your own
            """)

    func run() throws {
        let devices = try CaptureDevice.all()
        guard !devices.isEmpty else {
            print("no capture devices (ALSA knows no PCM that can capture)")
            return
        }
        print(CaptureDevice.listing(devices))
    }
}
