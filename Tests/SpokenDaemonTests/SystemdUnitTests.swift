import Foundation
import TestSupport
import Testing

/// The units in `Systemd/` as `make install` installs them, checked by systemd's own tools.
@Suite("systemd units", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
struct SystemdUnitTests {
    static let units = PythonReference.repositoryRoot.appendingPathComponent("Systemd")

    /// Runs systemd-analyze with `arguments`; standard output and error together.
    static func analyze(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The units copied to a temporary directory with ExecStart naming the spokend just built (verify checks that
    /// the program exists).
    static func installedCopy() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-units-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["spokend.service", "spokend.socket"] {
            let text = try String(contentsOf: units.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/spokend", with: SpokendProcess.executable.path)
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test("systemd-analyze verify accepts the service and the socket")
    func verify() throws {
        let directory = try Self.installedCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.analyze(
            [
                "verify", directory.appendingPathComponent("spokend.service").path,
                directory.appendingPathComponent("spokend.socket").path,
            ])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("spokend"), "\(result.output)")
    }

    @Test("the service's exposure by systemd-analyze security is at most 1.0")
    func security() throws {
        let result = try Self.analyze([
            "security", "--offline=true", Self.units.appendingPathComponent("spokend.service").path,
        ])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let value = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(value <= 1.0, "\(line)")
    }

    @Test("the service is Type=notify with a watchdog, restarts on failure and runs as spokend in group audio")
    func serviceBasics() throws {
        let text = try String(contentsOf: Self.units.appendingPathComponent("spokend.service"), encoding: .utf8)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for directive in [
            "Type=notify", "Restart=on-failure", "User=spokend", "SupplementaryGroups=audio",
            "RuntimeDirectory=spokend", "DeviceAllow=char-alsa rw",
        ] {
            #expect(lines.contains(directive), "missing \(directive)")
        }
        #expect(lines.contains { $0.hasPrefix("WatchdogSec=") })
        let socket = try String(contentsOf: Self.units.appendingPathComponent("spokend.socket"), encoding: .utf8)
        #expect(socket.contains("ListenStream=/run/spokend/spokend.sock"))
        #expect(socket.contains("SocketMode=0660"))
    }
}
