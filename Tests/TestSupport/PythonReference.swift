import Foundation

/// Runs the Python references in `Scripts/` from tests.
///
/// Python is only ever a reference: it checks spokend, it is never on its path. The interpreter is the project's
/// `.venv` (made by `make deps`). Where it is missing a reference test is skipped locally, but under CI (`CI` set)
/// it must exist, so a missing reference fails instead of passing unnoticed.
public enum PythonReference {
    /// The repository root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `.venv/bin/python3` in the repository, or `SPOKEND_PYTHON` when set.
    public static let interpreter: URL = {
        if let path = ProcessInfo.processInfo.environment["SPOKEND_PYTHON"] { return URL(fileURLWithPath: path) }
        return repositoryRoot.appendingPathComponent(".venv/bin/python3")
    }()

    /// Whether reference tests can run here; under CI they always must.
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["CI"] != nil
            || FileManager.default.isExecutableFile(atPath: interpreter.path)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `Scripts/<script>` with `arguments` and returns its standard output; throws with its standard error when
    /// it exits non-zero.
    @discardableResult
    public static func run(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = interpreter
        process.arguments = [repositoryRoot.appendingPathComponent("Scripts/\(script)").path] + arguments
        let output = Pipe()
        // Standard error goes to a file: draining two pipes one after the other can deadlock on a chatty script.
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-python-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorLog) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? Data(contentsOf: errorLog)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(script) exited \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }
}
