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
              spokend features speech.wav --output speech.npy
              spokend help features
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
