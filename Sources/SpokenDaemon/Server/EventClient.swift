import Foundation

/// A blocking client of the daemon's socket: sends command lines, reads event lines. What `spokend watch` and the
/// tests use, so both speak the protocol exactly as any other client would.
public final class EventClient {
    private let descriptor: CInt
    private var buffer: [UInt8] = []
    private var start = 0

    /// Connects to the socket at `path`. With a `timeout`, a read that waits longer throws instead of hanging.
    public init(path: String, timeout: Duration? = nil) throws(DaemonError) {
        descriptor = socket(AF_UNIX, CInt(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw DaemonError(.socket, "cannot make a socket: \(Self.lastError())") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw DaemonError(.socket, "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = Self.lastError()
            close(descriptor)
            throw DaemonError(.socket, "cannot connect to \(path): \(reason) (is spokend serve running?)")
        }
        if let timeout {
            let (seconds, attoseconds) = timeout.components
            var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    deinit { close(descriptor) }

    /// Sends one command line (a newline is added).
    public func send(_ line: String) throws(DaemonError) {
        try send(bytes: Array((line + "\n").utf8))
    }

    /// Sends raw bytes, as they are.
    public func send(bytes: [UInt8]) throws(DaemonError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard sent > 0 else {
                if sent < 0, errno == EINTR { continue }
                throw DaemonError(.socket, "cannot send to spokend: \(Self.lastError())")
            }
            offset += sent
        }
    }

    /// The next line without its newline, or nil when the daemon closed the connection.
    public func nextLine() throws(DaemonError) -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                if start > 65536 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return nil }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    throw DaemonError(.socket, "no event from spokend within the timeout")
                }
                throw DaemonError(.socket, "cannot read from spokend: \(Self.lastError())")
            }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// The next event, or nil when the daemon closed the connection.
    public func nextEvent() throws(DaemonError) -> Event? {
        guard let line = try nextLine() else { return nil }
        return try Event.decode(line: line)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
