import ArgumentParser
import SpokenAudio

/// The options `listen` and `serve` share: where the audio and the models come from, and what to report.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Folder with language.tflite and number.tflite. (default: ./Models or the repository's)")
    var models: String?

    @Option(
        help: """
            ALSA capture device (see `spokend devices`). (default: default; without this option `listen` plays a \
            demo stream when the default device cannot be opened)
            """)
    var device: String?

    @Option(
        help: ArgumentHelp(
            "A WAV file instead of the device, or - for raw S16_LE 16 kHz mono on stdin.", valueName: "file"))
    var input: String?

    @Flag(help: "Play --input FILE at the pace of real time, as a microphone would.")
    var realtime = false

    @Option(help: "Report an utterance only if both models are at least this confident (0…1).")
    var minConfidence = 0.0

    @Option(help: "The device whose cycles, latency and energy are reported (name or JSON file).")
    var profile = "nrf52840"

    var audioInput: AudioInput { AudioInput(input: input, device: device ?? "default", realtime: realtime) }

    func validate() throws {
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be in 0…1") }
        if realtime, input == nil || input == "-" {
            throw ValidationError("--realtime paces a file given with --input FILE")
        }
    }
}
