import ArgumentParser
import Foundation
import SpokenAudio
import SpokenNN
import SpokenRecognition
import SpokenTrain

/// `spokend classify`: which language and which number each file says.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say which language and which number each WAV file speaks, and what the chip would spend on it.",
        discussion: """
            Each file is mixed down to mono, resampled to the models' rate and streamed through the daemon's own \
            front end, voice activity detector and segmenter (see spokend segments); the longest utterance heard \
            is run through the int8 interpreter, exactly as the daemon runs one. The models (language.tflite \
            and/or number.tflite) are loaded once for the whole batch.

            One line per file: the language and number with their confidence, then the device cost on the \
            profile — latency after the end of speech (last frame's front end, finishing the features, inference) \
            and the energy of the utterance, front end included. With --json one object per line:
              {"file": "a.wav", "language": {"label": "de", "confidence": 0.97}, \
            "number": {"value": 42, "confidence": 0.91}, "device": {"cycles": …, "latency_ms": …, \
            "energy_uj": …, "frontend_duty_cycle": …}}
            A file that cannot be read, or in which no speech is heard, gets an error line (or {"file": …, \
            "error": …}); the others go on, and the exit status is 1 at the end.

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
                let heard = try WAVFile(contentsOf: file).utterances(frontEnd: recognizer.frontEnd)
                // A file is one answer: its longest utterance (a click or a breath before the word is shorter).
                guard let longest = heard.max(by: { $0.speechSamples.count < $1.speechSamples.count }) else {
                    throw RecognitionError(.unreadableInput, "no speech heard")
                }
                let recognition = try recognizer.recognize(logMel: longest.frames)
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
