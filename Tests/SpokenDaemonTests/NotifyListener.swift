import Foundation

/// What systemd's side of `sd_notify` sees: a Unix datagram socket whose path goes into `NOTIFY_SOCKET`.
final class NotifyListener {
    let path: String
    private let descriptor: CInt

    init() throws {
        path = "/tmp/spokend-notify-\(UUID().uuidString.prefix(8)).sock"
        descriptor = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The next datagram, or nil after 20 s without one.
    func next() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Fills the socket's queue as a systemd that stopped reading would leave it: sends datagrams to it until the
    /// kernel holds no more (`EAGAIN`, `net.unix.max_dgram_qlen` + 1 of them); a blocking sender then waits.
    /// Returns how many it sent.
    func fill() throws -> Int {
        let sender = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_NONBLOCK.rawValue), 0)
        guard sender >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(sender) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        var count = 0
        while true {
            let sent = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(sender, "X_FILLER=1", 10, 0, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard sent >= 0 else { break }
            count += 1
        }
        guard errno == EAGAIN else { throw CocoaError(.fileWriteUnknown) }
        return count
    }

    /// Datagrams until one contains `line` as one of its lines (that one included); nil if it never comes.
    func waitFor(_ line: String) -> [String]? {
        var seen: [String] = []
        while let message = next() {
            seen.append(message)
            if message.split(separator: "\n").contains(Substring(line)) { return seen }
        }
        return nil
    }
}
