import CSystemd
import Foundation
import Logging

/// A swift-log handler that writes to the systemd journal with `sd_journal_sendv`: the message, its priority, the
/// logger's label and every metadata value as a field (`language` → `SPOKEND_LANGUAGE`), so `journalctl -u spokend
/// SPOKEND_NUMBER=42` finds the utterances where 42 was heard.
///
/// Used when `$JOURNAL_STREAM` says standard error already goes to the journal (`isStandardErrorJournal`);
/// otherwise spokend logs plain lines to standard error.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(Self.priority(event.level))",
            "SYSLOG_IDENTIFIER=spokend",
            "SPOKEND_LOGGER=\(label)",
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append("\(Self.fieldName(key))=\(value)")
        }
        Self.send(fields)
    }

    /// `sd_journal_sendv` over `fields` (each `NAME=value`).
    static func send(_ fields: [String]) {
        var storage = fields.map { Array($0.utf8) }
        var vectors: [iovec] = []
        vectors.reserveCapacity(storage.count)
        for index in storage.indices {
            storage[index].withUnsafeMutableBytes { bytes in
                vectors.append(iovec(iov_base: bytes.baseAddress, iov_len: bytes.count))
            }
        }
        // The iovecs point into `storage`, which stays alive and unmoved until the call returns.
        withExtendedLifetime(storage) { _ = sd_journal_sendv(vectors, CInt(vectors.count)) }
    }

    /// `SPOKEND_` and the key in upper case, other characters as `_` (journal field names are `[A-Z0-9_]`).
    static func fieldName(_ key: String) -> String {
        let name = key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "_" }.joined()
        return "SPOKEND_" + name
    }

    /// syslog priorities as `sd_journal_sendv` takes them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Whether standard error is the journal's stream: `$JOURNAL_STREAM` (`device:inode`) names fd 2's file.
    public static var isStandardErrorJournal: Bool {
        isJournal(stream: ProcessInfo.processInfo.environment["JOURNAL_STREAM"], descriptor: 2)
    }

    /// Whether `stream` (a `$JOURNAL_STREAM` value, `device:inode`) names the file open as `descriptor`.
    static func isJournal(stream: String?, descriptor: CInt) -> Bool {
        guard let parts = stream?.split(separator: ":"), parts.count == 2, let device = UInt64(parts[0]),
            let inode = UInt64(parts[1])
        else { return false }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
