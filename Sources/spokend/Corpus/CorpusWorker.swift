import ArgumentParser
import Foundation
import SpokenCorpus

/// `spokend corpus worker` (hidden): one speaker's clips for `corpus generate`, in a process of its own because
/// espeak-ng's state is per process. Reads a `SpeakerJob` as JSON on standard input, prints one `ClipReport` JSON line
/// per clip.
struct CorpusWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Synthesize one speaker's clips for corpus generate (internal).",
        shouldDisplay: false)

    /// This executable, for starting workers: the running binary itself.
    static var executablePath: String {
        Bundle.main.executablePath ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let job: SpeakerJob
        do {
            job = try JSONDecoder().decode(SpeakerJob.self, from: input)
        } catch {
            throw CorpusError(.invalidFormat, "worker: standard input is not a speaker job: \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try job.run { report in
            guard let line = try? encoder.encode(report) else { return }
            FileHandle.standardOutput.write(line + Data("\n".utf8))
        }
    }
}
