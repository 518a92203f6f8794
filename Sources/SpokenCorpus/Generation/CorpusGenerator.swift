import Foundation
import Synchronization

/// `spokend corpus generate`: a SpokeN-100-shaped corpus from espeak-ng, in parallel, resumable and deterministic.
///
/// Writes `DIR/<language>/<speaker>/<number>.wav`, `DIR/folds.json`, `DIR/generator.json` and, last,
/// `DIR/manifest.csv` (so a manifest means the corpus is complete). Each speaker is one `SpeakerJob` run by a worker
/// process (`worker` is the command line that starts one; it reads the job as JSON on standard input and answers with
/// one `ClipReport` per line); `jobs` of them run at once.
///
/// Processes, not threads: espeak-ng is one global engine per process, so threads would take turns on one lock, and
/// its state carried from one utterance to the next would make a clip depend on which thread said what before it.
/// Measured on 2 cores (see the corpus note): one process per speaker, two at a time, is the faster of the two.
///
/// Bad input fails before anything is written; an output folder that holds a corpus made with other options is
/// refused rather than mixed. A failing worker stops the run after the running workers end; every clip already
/// renamed into place stays and is kept by the next run.
public struct CorpusGenerator: Sendable {
    public var options: GenerationOptions
    public var jobs: Int
    /// The command line of a worker: an executable and its arguments.
    public var worker: [String]

    public init(options: GenerationOptions, jobs: Int, worker: [String]) {
        self.options = options
        self.jobs = jobs
        self.worker = worker
    }

    /// Generates (or completes) the corpus in `output`.
    public func run(output: URL, log: @escaping @Sendable (String) -> Void, interactive: Bool = false)
        throws(CorpusError) -> GenerationSummary
    {
        let start = Date()
        try options.validate()
        guard jobs >= 1 else { throw CorpusError(.invalidOption, "--jobs \(jobs): at least 1") }
        guard let executable = worker.first else { throw CorpusError(.invalidOption, "no worker command") }
        let speakers = try options.roster()
        try prepare(output)
        var names: [Language: [String]] = [:]
        for speaker in try options.foldSpeakers() { names[speaker.language, default: []].append(speaker.name) }
        try Folds.make(speakers: names, seed: options.seed).write(to: output.appendingPathComponent(Folds.fileName))

        let jobList = speakers.map {
            SpeakerJob(
                speaker: $0, numbers: options.numbers, sampleRate: options.sampleRate, seed: options.seed,
                directory: output.path)
        }
        let progress = GenerationProgress(
            total: jobList.count * options.numbers.count, interactive: interactive, write: log)
        let reports = Mutex<[ClipReport]>([])
        let failure = Mutex<CorpusError?>(nil)
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        let arguments = Array(worker.dropFirst())
        for _ in 0..<min(jobs, jobList.count) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while failure.withLock({ $0 == nil }) {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < jobList.count else { return }
                    do {
                        try Self.runWorker(executable: executable, arguments: arguments, job: jobList[index]) {
                            report in
                            if report.origin == .replaced {
                                log("replaced damaged clip \(report.entry.path): \(report.reason ?? "unreadable")\n")
                            }
                            reports.withLock { $0.append(report) }
                            progress.advance()
                        }
                    } catch {
                        let corpusError = error as? CorpusError ?? CorpusError(.synthesis, "\(error)")
                        failure.withLock { $0 = $0 ?? corpusError }
                    }
                }
            }
            thread.start()
        }
        group.wait()
        progress.finish()
        if let error = failure.withLock({ $0 }) { throw error }

        let all = reports.withLock { $0 }
        try CorpusManifest(entries: all.map(\.entry)).sorted.write(
            to: output.appendingPathComponent(CorpusManifest.fileName))
        return GenerationSummary(
            clips: all.count, generated: all.filter { $0.origin == .generated }.count,
            reused: all.filter { $0.origin == .reused }.count, replaced: all.filter { $0.origin == .replaced }.count,
            seconds: Date().timeIntervalSince(start))
    }

    /// Creates the folder, checks it is writable, and records the options (or checks they match the recorded ones).
    private func prepare(_ output: URL) throws(CorpusError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CorpusError(.io, "\(output.path) exists and is not a folder")
        }
        do {
            try manager.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(.io, "cannot create \(output.path): \(error.localizedDescription)")
        }
        guard access(output.path, W_OK | X_OK) == 0 else {
            throw CorpusError(.io, "cannot write to \(output.path): \(String(cString: strerror(errno)))")
        }
        if let recorded = try GenerationOptions.load(from: output) {
            guard recorded == options else {
                throw CorpusError(
                    .invalidOption,
                    "\(output.path) holds a corpus generated with other options (see its \(GenerationOptions.fileName)); "
                        + "rerun with the same options to complete it, or choose another --out")
            }
            return
        }
        do {
            try options.json().write(to: output.appendingPathComponent(GenerationOptions.fileName), options: .atomic)
        } catch {
            throw CorpusError(.io, "cannot write to \(output.path): \(error.localizedDescription)")
        }
    }

    /// Starts one worker, hands it `job`, and passes on each report line; throws the worker's own message if it fails.
    private static func runWorker(
        executable: String, arguments: [String], job: SpeakerJob, report: (ClipReport) -> Void
    ) throws(CorpusError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        // Standard error goes to a file: the worker writes at most a line there, but a pipe left unread could block it.
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-worker-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorLog) }
        let who = "\(job.speaker.language.rawValue)/\(job.speaker.name)"
        do {
            process.standardInput = input
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: errorLog)
            try process.run()
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try input.fileHandleForWriting.write(contentsOf: encoder.encode(job))
            try input.fileHandleForWriting.close()
        } catch {
            throw CorpusError(.io, "cannot start a worker (\(executable)) for \(who): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        var pending = Data()
        var malformed: String? = nil
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending += chunk
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                if let clip = try? decoder.decode(ClipReport.self, from: line) {
                    report(clip)
                } else {
                    malformed = malformed ?? String(decoding: line, as: UTF8.self)
                }
            }
        }
        process.waitUntilExit()
        let message =
            (try? String(contentsOf: errorLog, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let detail = message.hasPrefix("spokend: ") ? String(message.dropFirst(9)) : message
            throw CorpusError(
                .synthesis,
                "worker for \(who) failed (status \(process.terminationStatus))" + (detail.isEmpty ? "" : ": \(detail)")
            )
        }
        if let malformed { throw CorpusError(.synthesis, "worker for \(who) answered '\(malformed.prefix(80))'") }
    }
}
