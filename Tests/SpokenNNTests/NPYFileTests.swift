import Foundation
import SpokenNN
import TestSupport
import Testing

/// One array NumPy wrote (`Scripts/make_npy_fixtures.py`) and what spokend must make of it.
struct NPYFixture: Decodable, CustomTestStringConvertible, Sendable {
    struct Refusal: Decodable, Sendable {
        let code: String
        let phrase: String
    }
    let file: String
    let descr: String
    let shape: [Int]
    let expect: Refusal?

    var testDescription: String { file }

    static let committed = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/npy")

    static func manifest(in directory: URL) throws -> [NPYFixture] {
        try JSONDecoder().decode(
            [NPYFixture].self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }

    /// Element `i` as the script computes it.
    static func integer(_ i: Int) -> Int { (37 * i) % 251 - 125 }
    static func float(_ i: Int) -> Float { Float(i) * 0.25 - 3 }

    /// Reads the file from `directory` and checks it against the manifest.
    func check(in directory: URL) throws {
        let path = directory.appendingPathComponent(file).path
        if let expect {
            let error = #expect(throws: ModelError.self) { try NPYFile(contentsOf: path) }
            #expect(error?.code.description == expect.code, "\(file): \(error?.description ?? "")")
            #expect(error?.description.contains(expect.phrase) == true, "\(file): \(error?.description ?? "")")
            return
        }
        let array = try NPYFile(contentsOf: path)
        #expect(array.shape == shape, "\(file)")
        let indices = 0..<shape.reduce(1, *)
        switch array.elementType {
        case .int8: #expect(try array.values(as: Int8.self).map(Int.init) == indices.map(Self.integer))
        case .int16: #expect(try array.values(as: Int16.self).map(Int.init) == indices.map(Self.integer))
        case .int32: #expect(try array.values(as: Int32.self).map(Int.init) == indices.map(Self.integer))
        case .float32: #expect(try array.values(as: Float.self) == indices.map(Self.float))
        }
        let types: [String: NPYElementType] = ["|i1": .int8, "<i2": .int16, "<i4": .int32, "<f4": .float32]
        #expect(array.elementType == types[descr], "\(file)")
    }
}

@Suite("NPYFile")
struct NPYFileTests {
    @Test(
        "reads what NumPy wrote, or refuses it by name", arguments: try! NPYFixture.manifest(in: NPYFixture.committed))
    func committedFixtures(fixture: NPYFixture) throws {
        try fixture.check(in: NPYFixture.committed)
    }

    @Test("reads what this NumPy writes now", .enabled(if: PythonReference.isAvailable))
    func freshFixtures() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-npy-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try PythonReference.run("make_npy_fixtures.py", [directory.path])
        for fixture in try NPYFixture.manifest(in: directory) { try fixture.check(in: directory) }
    }

    static let written: [NPYFile] = [
        NPYFile(shape: [3, 40], values: (0..<120).map { Float($0) / 7 - 5 }),
        NPYFile(shape: [], values: [Int32(-123_456)]),
        NPYFile(shape: [0, 40], values: [Float]()),
        NPYFile(shape: [2, 3, 4], values: (0..<24).map { Int8($0 * 11 - 128) }),
        NPYFile(shape: [5], values: (0..<5).map { Int16($0 * 8000 - 16000) }),
    ]

    @Test("what spokend writes reads back equal", arguments: written)
    func roundTrip(array: NPYFile) throws {
        #expect(try NPYFile(bytes: array.encoded()) == array)
    }

    @Test("NumPy reads what spokend wrote", .enabled(if: PythonReference.isAvailable), arguments: written)
    func numpyReadsSwift(array: NPYFile) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-\(UUID()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try array.write(to: path)
        struct Loaded: Decodable {
            let descr: String
            let shape: [Int]
            let fortranOrder: Bool
            let version: Int
            let values: [Double]
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let loaded = try decoder.decode(
            Loaded.self, from: Data(PythonReference.run("npy_reference.py", [path]).utf8))
        #expect(loaded.shape == array.shape)
        #expect(!loaded.fortranOrder && loaded.version == 1)
        let expected: [Double]
        switch array.elementType {
        case .int8: expected = try array.values(as: Int8.self).map(Double.init)
        case .int16: expected = try array.values(as: Int16.self).map(Double.init)
        case .int32: expected = try array.values(as: Int32.self).map(Double.init)
        case .float32: expected = try array.values(as: Float.self).map(Double.init)
        }
        #expect(loaded.values == expected)
        let descrs: [NPYElementType: String] = [.int8: "|i1", .int16: "<i2", .int32: "<i4", .float32: "<f4"]
        #expect(loaded.descr == descrs[array.elementType])
        #expect(array.encoded().count % 64 == array.elementBytes.count % 64, "data starts at a multiple of 64")
    }

    @Test("asking for the wrong element type is an error")
    func wrongType() throws {
        let array = NPYFile(shape: [2], values: [Int8(1), 2])
        let error = #expect(throws: ModelError.self) { try array.values(as: Float.self) }
        #expect(error?.description == "array holds int8, not float32")
    }
}
