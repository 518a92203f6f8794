import Foundation
import SpokenNN
import Testing

/// A hand-made `.npy` image: magic, version, header text (padded as given), data.
private func npy(_ header: String, version: UInt8 = 1, data: [UInt8] = [], length: Int? = nil) -> [UInt8] {
    let text = Array(header.utf8)
    let count = length ?? text.count
    let lengthBytes: [UInt8] =
        version == 1
        ? [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF)]
        : [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24 & 0xFF)]
    return [0x93] + Array("NUMPY".utf8) + [version, 0] + lengthBytes + text + data
}

private let f32x2 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n"

@Suite("NPYFile on hostile input")
struct NPYHostileInputTests {
    static let cases: [(String, [UInt8], ModelError.Code, String)] = [
        ("empty", [], .truncated, "needs 10"),
        ("no magic", Array("PK\u{3}\u{4}......".utf8), .malformed, "not a .npy file"),
        ("version 4", npy(f32x2, version: 4), .unsupportedFeature, "version 4.0"),
        ("header longer than file", npy(f32x2, length: 60_000), .truncated, "header declares 60000 bytes"),
        ("v2 header of 4 GiB", npy(f32x2, version: 2, length: 0xFFFF_FFF0), .truncated, "4294967280"),
        ("data shorter than shape", npy(f32x2, data: [0, 0, 0, 0]), .truncated, "needs 8 bytes of data, file has 4"),
        (
            "absurd shape", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000000), }"),
            .truncated, "needs 4000000000000000000 bytes"
        ),
        (
            "overflowing shape", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"),
            .invalidShape, "too large"
        ),
        (
            "digits beyond Int", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"),
            .invalidShape, "absurd"
        ),
        ("extra data", npy(f32x2, data: [UInt8](repeating: 0, count: 9)), .malformed, "1 bytes after the data"),
        ("unknown key", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}"), .malformed, "'x'"),
        (
            "duplicate key", npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}"),
            .malformed, "twice"
        ),
        ("missing shape", npy("{'descr': '<f4', 'fortran_order': False}"), .malformed, "lacks 'shape'"),
        ("(3) is not a tuple", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3)}"), .malformed, "(3,)"),
        ("negative dimension", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-3,)}"), .malformed, "integer"),
        ("code instead of dict", npy("__import__('os').system('true')"), .malformed, "expected '{'"),
        ("text after the dict", npy(f32x2 + "x", data: [UInt8](repeating: 0, count: 8)), .malformed, "after its"),
        ("unterminated string", npy("{'descr"), .malformed, "unterminated"),
        (
            "65 dimensions",
            npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + String(repeating: "1,", count: 65) + ")}"),
            .invalidShape, "more than 64"
        ),
        (
            "big-endian", npy("{'descr': '>i2', 'fortran_order': False, 'shape': ()}", data: [0, 1]), .unsupportedType,
            "'<i2'"
        ),
        ("int64", npy("{'descr': '<i8', 'fortran_order': False, 'shape': ()}"), .unsupportedType, "'<i8'"),
    ]

    @Test("hostile bytes are one clear ModelError", arguments: cases)
    func rejected(name: String, bytes: [UInt8], code: ModelError.Code, phrase: String) {
        let error = #expect(throws: ModelError.self, "\(name)") { try NPYFile(bytes: bytes) }
        #expect(error?.code == code, "\(name): \(error?.description ?? "")")
        #expect(error?.description.contains(phrase) == true, "\(name): \(error?.description ?? "")")
    }

    @Test("every proper prefix of a valid file is rejected; the file itself is read from disk in pieces")
    func prefixes() throws {
        let array = NPYFile(shape: [3, 4], values: (0..<12).map(Float.init))
        let bytes = array.encoded()
        for length in 0..<bytes.count {
            #expect(throws: ModelError.self) { try NPYFile(bytes: Array(bytes[0..<length])) }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-\(UUID()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes[0..<100]).write(to: URL(fileURLWithPath: path))
        let cut = #expect(throws: ModelError.self) { try NPYFile(contentsOf: path) }
        #expect(cut?.code == .truncated && cut?.description.hasPrefix(path) == true)
        try array.write(to: path)
        #expect(try NPYFile(contentsOf: path) == array)
        let zero = #expect(throws: ModelError.self) { try NPYFile(contentsOf: "/dev/zero") }
        #expect(zero?.code == .malformed)
        let missing = #expect(throws: ModelError.self) { try NPYFile(contentsOf: "/nonexistent.npy") }
        #expect(missing?.code == .io)
    }
}
