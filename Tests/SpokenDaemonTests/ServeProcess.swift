import Foundation
import TestSupport

/// `spokend serve` as systemd would run it, in a test: raw audio on its standard input, a socket in a temporary
/// directory, `NOTIFY_SOCKET` pointing at a `NotifyListener`.
final class ServeProcess {
    let process = Process()
    let notifications = try! NotifyListener()
    let directory: URL
    let socket: String
    private let input = Pipe()
    private let errorLog: URL

    private let exited = DispatchSemaphore(value: 0)

    /// Starts `spokend serve --models models --input - --socket …` plus `arguments`, with `environment` added;
    /// through `wrapper` (a program and its arguments, such as `systemd-socket-activate -l PATH`) when given. `audio`
    /// replaces `--input -` (for instance `["--device", name]`).
    init(
        models: URL, audio: [String] = ["--input", "-"], arguments: [String] = [], environment: [String: String] = [:],
        wrapper: [String] = []
    ) throws {
        directory = URL(fileURLWithPath: "/tmp/spokend-serve-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("s.sock").path
        errorLog = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let command =
            wrapper + [SpokendProcess.executable.path, "serve", "--models", models.path] + audio
            + ["--socket", socket] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var variables = ProcessInfo.processInfo.environment
        variables["NOTIFY_SOCKET"] = notifications.path
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errorLog)
        let exited = exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
    }

    deinit {
        // SIGKILL: a daemon that failed its test by hanging must not outlive it.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes samples as raw S16_LE (each sample must be a multiple of 1/32768, as a 16-bit file holds them).
    func write(_ samples: [Float]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples {
            let value = UInt16(bitPattern: Int16(clamping: Int((sample * 32768).rounded())))
            bytes.append(UInt8(value & 0xff))
            bytes.append(UInt8(value >> 8))
        }
        input.fileHandleForWriting.write(Data(bytes))
    }

    /// Ends the audio: the daemon finishes what is in flight and exits.
    func closeInput() { try? input.fileHandleForWriting.close() }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// The exit status, waiting at most 60 s (then the process is killed with SIGKILL and the status is nil).
    func waitForExit() -> Int32? {
        guard exited.wait(timeout: .now() + 60) == .success else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        exited.signal()  // a second call returns at once
        return process.terminationStatus
    }

    var standardError: String { (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "" }
}
