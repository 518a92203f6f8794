import Foundation
import Logging
import Testing

@testable import SpokenDaemon

@Suite("journald log handler")
struct JournalLogHandlerTests {
    @Test("metadata keys become SPOKEND_ fields in the journal's alphabet")
    func fieldNames() {
        #expect(JournalLogHandler.fieldName("language") == "SPOKEND_LANGUAGE")
        #expect(JournalLogHandler.fieldName("device_latency_ms") == "SPOKEND_DEVICE_LATENCY_MS")
        #expect(JournalLogHandler.fieldName("budget-ok") == "SPOKEND_BUDGET_OK")
    }

    @Test("levels map to syslog priorities")
    func priorities() {
        #expect(JournalLogHandler.priority(.error) == 3)
        #expect(JournalLogHandler.priority(.info) == 6)
        #expect(JournalLogHandler.priority(.debug) == 7)
    }

    @Test("a descriptor is the journal's stream only when JOURNAL_STREAM names its device and inode")
    func journalStream() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-journal-\(UUID())").path
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
        defer {
            close(descriptor)
            unlink(path)
        }
        var status = stat()
        #expect(fstat(descriptor, &status) == 0)
        #expect(JournalLogHandler.isJournal(stream: "\(status.st_dev):\(status.st_ino)", descriptor: descriptor))
        #expect(!JournalLogHandler.isJournal(stream: "\(status.st_dev):\(status.st_ino + 1)", descriptor: descriptor))
        #expect(!JournalLogHandler.isJournal(stream: nil, descriptor: descriptor))
        #expect(!JournalLogHandler.isJournal(stream: "garbage", descriptor: descriptor))
    }
}
