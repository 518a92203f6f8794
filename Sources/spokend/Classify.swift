import ArgumentParser
import Foundation
import SpokenNN
import SpokenRecognition
import SpokenTrain

/// `spokend classify`: which language and which number each file says.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say which language and which number each WAV file speaks, and what the chip would spend on it.",
        discussion: """
            Each file is mixed down to mono, its silence trimmed as the corpus trims its clips, resampled to the \
            models' rate and run through their front end and the int8 interpreter, exactly as the daemon runs an \
            utterance. The models (language.tflite and/or number.tflite) are loaded once for the whole batch.

            One line per file: the language and number with their confidence, then the device cost on the \
            profile — latency after the end of speech (last frame's front end, finishing the features, inference) \
            and the energy of the utterance, front end included. With --json one object per line:
              {"file": "a.wav", "language": {"label": "de", "confidence": 0.97}, \
            "number": {"value": 42, "confidence": 0.91}, "device": {"cycles": …, "latency_ms": …, \
            "energy_uj": …, "frontend_duty_cycle": …}}
            A file that cannot be read gets an error line (or {"file": …, "error": …}); the others go on, and the \
            exit status is 1 at the end.

            Models come from --models, else ./Models, else Models/ of the repository spokend was built in.

            Examples:
              espeak-ng -v de -w zweiundvierzig.wav "zweiundvierzig"
              spokend classify zweiundvierzig.wav
              spokend classify --models Models --json recordings/*.wav | jq .number.value
            """)

    @Argument(help: "WAV files: 8/16/24/32-bit PCM or 32/64-bit float, any rate, any number of channels.")
    var files: [String]

    @Option(help: "Folder with language.tflite and/or number.tflite. (default: ./Models or the repository's)")
    var models: String?

    @Option(help: "Device profile for the cost: nrf52840, cortex-m4, or a JSON file.")
    var profile = "nrf52840"

    @Flag(help: "One JSON object per line.")
    var json = false

    func run() throws {
        let device = try DeviceProfile.named(profile)
        let directory = ModelsDirectory.resolve(models)
        let recognizer = try Recognizer(directory: directory, profile: device)
        var failures = 0
        for file in files {
            do {
                let audio = try TrimmedRecording(path: file)
                let recognition = try recognizer.recognize(signal: audio.samples, sampleRate: audio.sampleRate)
                print(
                    json
                        ? RecognitionRecord(file: file, recognition: recognition).json()
                        : text(file, recognition, deviceName: device.name))
            } catch {
                failures += 1
                print(
                    json
                        ? RecognitionRecord(file: file, error: "\(error)").json()
                        : "\(file): error: \(error)")
            }
        }
        if failures > 0 {
            throw RecognitionError(.unreadableInput, "\(failures) of \(files.count) files could not be classified")
        }
    }

    private func text(_ file: String, _ recognition: Recognition, deviceName: String) -> String {
        func percent(_ confidence: Double) -> String { String(format: "%.0f%%", confidence * 100) }
        var parts = [file + ":"]
        if let language = recognition.language { parts.append("\(language.label) \(percent(language.confidence))") }
        if let number = recognition.number { parts.append("\(number.label) \(percent(number.confidence))") }
        let device = recognition.device
        parts.append(
            String(format: "· %.1f ms after speech, %.0f µJ", device.latencyMilliseconds, device.energyMicrojoules)
                + " on \(deviceName)")
        return parts.joined(separator: "  ")
    }
}
