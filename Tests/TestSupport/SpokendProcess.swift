import Foundation

/// Runs the built `spokend` binary from tests, as a user would.
///
/// The binary is the one `swift build --build-tests` put beside the test bundle (the test target depends on the
/// `spokend` executable target, so it is always built first).
public enum SpokendProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
    }

    /// The `spokend` executable beside the running test bundle.
    public static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent("spokend")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                return candidate
            }
        }
        return PythonReference.repositoryRoot.appendingPathComponent(".build/debug/spokend")
    }()

    /// Runs `spokend arguments…` (or `program arguments…`, a tool the test checks spokend with) to completion and
    /// returns its exit status and output; its standard input is the file `standardInput` when given (else the
    /// test's own).
    public static func run(_ arguments: [String], standardInput: URL? = nil, program: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = program ?? executable
        process.arguments = arguments
        // Output goes to files: draining two pipes one after the other can deadlock on a chatty command.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-run-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let standardInput { process.standardInput = try FileHandle(forReadingFrom: standardInput) }
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
