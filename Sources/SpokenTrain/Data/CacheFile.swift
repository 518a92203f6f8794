import Foundation
import SpokenDSP

/// The file format of spokend's on-disk caches (`FeatureCache`, `AudioCache`): an 8-byte magic naming the kind, a
/// little-endian UInt64 header length, the header as JSON, then float32 values in the machine's (little-endian)
/// order.
///
/// Written atomically (a temporary file renamed into place), so a killed process leaves no half entry, and two
/// processes that compute the same entry at once both leave a whole one. A file that does not parse, or whose value
/// count disagrees with its header, reads as nil: recomputed, never trusted.
enum CacheFile {
    /// Writes `header` and `values` to `file` under `magic` (8 bytes), creating its folder.
    static func write<Header: Encodable>(
        magic: [UInt8], header: Header, values: [Float], to file: URL
    ) throws(TrainError) {
        var data = Data(magic)
        let json = StableJSON.encode(header)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        values.withUnsafeBufferPointer { data.append(contentsOf: UnsafeRawBufferPointer($0)) }
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            throw TrainError(.invalidData, "cache \(file.path): cannot write: \(error.localizedDescription)")
        }
    }

    /// The header and values in `file`, or nil when there is no such file, its magic is not `magic`, it does not
    /// parse, or it does not hold exactly `count(header)` values.
    static func read<Header: Decodable>(
        _ file: URL, magic: [UInt8], as: Header.Type, count: (Header) -> Int
    ) -> (header: Header, values: [Float])? {
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped), data.count >= 16,
            Array(data.prefix(8)) == magic
        else { return nil }
        let length = data.subdata(in: 8..<16).withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))
        }
        guard length <= UInt64(data.count - 16),
            let header = try? JSONDecoder().decode(Header.self, from: data.subdata(in: 16..<(16 + Int(length))))
        else { return nil }
        let start = 16 + Int(length)
        let expected = count(header)
        guard expected >= 0, data.count - start == expected * MemoryLayout<Float>.size else { return nil }
        let values = [Float](unsafeUninitializedCapacity: expected) { buffer, initialized in
            _ = data.subdata(in: start..<data.count).copyBytes(to: buffer)
            initialized = expected
        }
        return (header, values)
    }
}
