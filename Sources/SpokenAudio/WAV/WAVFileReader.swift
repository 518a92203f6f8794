#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a WAV file's bytes from disk, no more than its RIFF header says it holds.
///
/// Wraps `open`/`read`/`close`. Reading stops at the end of the RIFF chunk or at the end of the file, whichever
/// comes first, in pieces of 64 KiB, so memory grows only with bytes that are really there, and a character device
/// such as `/dev/zero` (which is not RIFF) costs 12 bytes.
enum WAVFileReader {
    static func readRIFF(path: String) throws(AudioError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AudioError(.io, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }

        var bytes = try readBytes(descriptor, upTo: 12)
        if bytes.count == 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46] {  // "RIFF"
            let riffSize = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
            bytes += try readBytes(descriptor, upTo: 8 + riffSize - 12)
        }
        return bytes
    }

    /// Up to `limit` bytes from `descriptor`, fewer at end of file.
    private static func readBytes(_ descriptor: Int32, upTo limit: Int) throws(AudioError) -> [UInt8] {
        var result: [UInt8] = []
        var piece = [UInt8](repeating: 0, count: 65_536)
        while result.count < limit {
            let wanted = min(piece.count, limit - result.count)
            let got = piece.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw AudioError(.io, "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            result += piece[0..<got]
        }
        return result
    }
}
