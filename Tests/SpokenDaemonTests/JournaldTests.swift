import Foundation
import SpokenAudio
import SpokenDaemon
import TestSupport
import Testing

/// `spokend serve` writing into a real systemd-journald, read back with `journalctl` as a user would.
///
/// journald listens at fixed paths under `/run`, so the test starts its own only where none runs (as root, on a
/// machine or container without systemd as init, such as CI); elsewhere it is skipped.
@Suite("journald, for real")
struct JournaldTests {
    static let journald = "/lib/systemd/systemd-journald"
    static let canStartJournald =
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: journald)
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-cat")
        && !FileManager.default.fileExists(atPath: "/run/systemd/journal/socket")
        && ((try? String(contentsOfFile: "/etc/machine-id", encoding: .utf8))?.count ?? 0) >= 32

    @Test(
        "under the journal every utterance is an entry whose SPOKEND_ fields journalctl can select",
        .enabled(if: canStartJournald, "needs root, systemd-journald and no journal already running"))
    func utterancesInTheJournal() throws {
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: Self.journald)
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer {
            daemon.terminate()
            daemon.waitUntilExit()
            try? FileManager.default.removeItem(atPath: "/run/systemd/journal")
        }
        try #require(Self.wait { FileManager.default.fileExists(atPath: "/run/systemd/journal/stdout") })

        let models = try DaemonFixture.modelsDirectory()
        defer { try? FileManager.default.removeItem(at: models) }
        let (generated, speech) = DaemonFixture.stream([(0.5, 1.0), (0.7, 0.8)])
        let samples = try WAVFile(contentsOf: DaemonFixture.wav(generated)).samples
        let expected = try PipelineTests.expected(
            samples, models: LoadedModels(directory: models.path, profile: .nrf52840))
        #expect(expected.count == speech.count)
        // systemd-cat connects standard error to the journal and execs; JOURNAL_STREAM names that stream, as
        // systemd sets it for a service.
        let tag = "spokend-test-\(UUID().uuidString.prefix(8))"
        let serve = try ServeProcess(
            models: models,
            wrapper: [
                "/usr/bin/systemd-cat", "-t", tag, "/bin/sh", "-c",
                #"JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec "$0" "$@""#,
            ])
        serve.write(samples)
        serve.closeInput()
        #expect(serve.waitForExit() == 0)

        var entries: [[String: String]] = []
        let found = Self.wait {
            entries = Self.journal(["_PID=\(serve.process.processIdentifier)", "SPOKEND_LOGGER=spokend"])
                .filter { $0["SPOKEND_NUMBER"] != nil }
            return entries.count == expected.count
        }
        #expect(found, "journal entries: \(entries)")
        for (entry, (start, _, offline)) in zip(entries, expected) {
            #expect(entry["SPOKEND_LANGUAGE"] == offline.language?.label)
            #expect(entry["SPOKEND_NUMBER"] == offline.number?.label)
            #expect(entry["SPOKEND_START"].flatMap(Double.init) == start)
            #expect(entry["SPOKEND_BUDGET_OK"] == "true")
        }
        // The selection a user types finds the same entry.
        let first = try #require(entries.first?["SPOKEND_NUMBER"])
        #expect(!Self.journal(["_PID=\(serve.process.processIdentifier)", "SPOKEND_NUMBER=\(first)"]).isEmpty)
    }

    /// The entries `journalctl` selects with `matches`, as string fields.
    static func journal(_ matches: [String]) -> [[String: String]] {
        let result = try? SpokendProcess.run(
            ["-D", "/run/log/journal", "--no-pager", "-o", "json"] + matches,
            program: URL(fileURLWithPath: "/usr/bin/journalctl"))
        return (result?.standardOutput ?? "").split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?
                .compactMapValues { $0 as? String }
        }
    }

    /// Polls `condition` every 50 ms for up to 30 s (journald and journalctl are slow on a loaded CI machine).
    static func wait(_ condition: () -> Bool) -> Bool {
        for _ in 0..<600 {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
