import Foundation
import TestSupport
import Testing

/// The committed fixtures are what the committed script makes, so they cannot drift from it unnoticed.
///
/// Numbers are compared within 1e-5 rather than byte for byte: numpy's SIMD sin/cos may differ in the last bit on
/// another CPU, which can flip the last printed digit.
@Suite("DSP fixtures are reproducible", .enabled(if: PythonReference.isAvailable))
struct FixtureProvenanceTests {
    /// Whether two decoded JSON values are equal, numbers within `tolerance`.
    static func same(_ a: Any, _ b: Any, tolerance: Double = 1e-5) -> Bool {
        switch (a, b) {
        case (let a as [String: Any], let b as [String: Any]):
            return a.keys.sorted() == b.keys.sorted() && a.keys.allSatisfy { same(a[$0]!, b[$0]!) }
        case (let a as [Any], let b as [Any]):
            return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (let a as String, let b as String):
            return a == b
        case (let a as NSNumber, let b as NSNumber):
            return abs(a.doubleValue - b.doubleValue) <= tolerance
        default:
            return false
        }
    }

    @Test("Scripts/make_dsp_fixtures.py regenerates the committed fixtures")
    func regenerate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-dsp-fixtures-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try PythonReference.run("make_dsp_fixtures.py", [directory.path])
        let committed = LibrosaCase.directory
        let names = try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == names)
        for name in names {
            let made = try Data(contentsOf: directory.appendingPathComponent(name))
            let kept = try Data(contentsOf: committed.appendingPathComponent(name))
            if name.hasSuffix(".json") {
                let same = Self.same(
                    try JSONSerialization.jsonObject(with: made), try JSONSerialization.jsonObject(with: kept))
                #expect(same, "\(name)")
            } else {
                let error = zip(LibrosaCase.readFloat32(made), LibrosaCase.readFloat32(kept)).map { abs($0 - $1) }.max()
                #expect(made.count == kept.count && (error ?? 0) <= 1e-6, "\(name)")
            }
        }
    }
}
