import ArgumentParser
import Foundation

/// The `spokend` command: each subcommand parses, calls one library type, and prints.
@main
struct Spokend: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "spokend",
        abstract: "Hears spoken numbers (0–99) in English, German, French and Mandarin.",
        discussion: """
            spokend runs tiny int8 networks in an interpreter that behaves like TensorFlow Lite Micro on an \
            nRF52840, so every answer is also a statement about what the chip could do.

            Examples:
              Hear numbers (from the microphone, or a demo recording without one):
                spokend listen
              Classify a recording:
                espeak-ng -v de -w 42.wav "zweiundvierzig"
                spokend classify 42.wav
              Run the daemon and watch what it hears (systemd units in Systemd/):
                spokend serve --socket /tmp/spokend.sock &
                spokend watch --socket /tmp/spokend.sock
              See what a model costs the nRF52840:
                spokend inspect Models/number.tflite
              Train and measure a model of your own:
                spokend corpus generate --out corpus
                spokend train --corpus corpus --task number --arch dscnn --out n.tflite
                spokend eval n.tflite --corpus corpus
              Each subcommand teaches more: spokend help train
            """,
        version: version,
        subcommands: [
            Classify.self,
            Corpus.self,
            Devices.self,
            Eval.self,
            Features.self,
            Inspect.self,
            Invoke.self,
            Listen.self,
            Search.self,
            Segments.self,
            Serve.self,
            Train.self,
            Watch.self,
        ])

    /// Prints a module's error as one line, `spokend: <what happened>`, and exits 1.
    ///
    /// Parse errors keep ArgumentParser's usage message; a failed run is not a usage mistake, so it gets no usage,
    /// no `Error:` prefix. A command that wants a distinct status throws `ExitCode`.
    static func main() async {
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let error as ModuleError {
            FileHandle.standardError.write(Data("spokend: \(error)\n".utf8))
            exit(withError: ExitCode.failure)
        } catch {
            exit(withError: error)
        }
    }
}
