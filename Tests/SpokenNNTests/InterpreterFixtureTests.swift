import Foundation
import TestSupport
import Testing

@testable import SpokenNN

/// The fixture models `Scripts/make_nn_fixtures.py` converted and ran in tflite-micro (TFLM's reference kernels).
enum Fixtures {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    struct Entry: Decodable, CustomStringConvertible, Sendable {
        struct File: Decodable, Sendable {
            let file: String
            let shape: [Int]
            let dtype: String
        }
        struct Arena: Decodable, Sendable {
            struct Record: Decodable, Sendable {
                let name: String
                let requested: Int
                let used: Int
            }
            let total: Int
            let head: Int
            let tail: Int
            let records: [Record]
        }
        let name: String
        let model: String
        let ops: [String]
        let inputs: [File]
        let outputs: [File]
        let tflmArena: Arena

        enum CodingKeys: String, CodingKey {
            case name, model, ops, inputs, outputs
            case tflmArena = "tflm_arena"
        }

        var description: String { name }
    }

    struct Manifest: Decodable {
        let models: [Entry]
    }

    static let models: [Entry] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else { return [] }
        return manifest.models
    }()

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    static func model(_ entry: Entry) throws -> Model {
        try ModelReader.read(contentsOf: path(entry.model))
    }
}

@Suite("Interpreter on the tflite-micro fixtures")
struct InterpreterFixtureTests {
    @Test("the fixture manifest lists models")
    func manifestIsThere() {
        #expect(Fixtures.models.count >= 20)
    }

    @Test("outputs are bit-identical to tflite-micro's for every batch element", arguments: Fixtures.models)
    func bitExact(entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        let interpreter = try Interpreter(model: model, arenaSize: 1 << 20)
        let inputs = try entry.inputs.map { try NPYFile(contentsOf: Fixtures.path($0.file)) }
        let expected = try entry.outputs.map { try NPYFile(contentsOf: Fixtures.path($0.file)) }
        let batch = inputs[0].shape[0]
        var mismatches = 0
        var total = 0
        for item in 0..<batch {
            for (position, input) in inputs.enumerated() {
                let size = input.elementBytes.count / batch
                let slice = Array(input.elementBytes[(item * size)..<((item + 1) * size)])
                let data = interpreter.tensorData(interpreter.inputs[position])
                #expect(data.count == slice.count)
                slice.withUnsafeBytes { data.copyMemory(from: $0) }
            }
            interpreter.invoke()
            for (position, output) in expected.enumerated() {
                let size = output.elementBytes.count / batch
                let want = output.elementBytes[(item * size)..<((item + 1) * size)]
                let got = Array(interpreter.tensorData(interpreter.outputs[position]))
                total += size
                mismatches += zip(got, want).filter { $0 != $1 }.count + abs(got.count - want.count)
            }
        }
        #expect(mismatches == 0, "\(entry.name): \(mismatches) of \(total) output bytes differ from tflite-micro")
    }
}

extension InterpreterFixtureTests {
    @Test(
        "every committed fixture is what live tflite-micro computes now: outputs and arena figures",
        .enabled(if: PythonReference.isAvailable))
    func liveOracle() throws {
        struct Report: Decodable {
            let checked: [String]
            let failures: [String]
        }
        // The script exits 1 on a difference; `run` then throws with its report.
        let report = try JSONDecoder().decode(
            Report.self, from: Data(PythonReference.run("check_fixtures_tflm.py", []).utf8))
        #expect(report.checked == Fixtures.models.map(\.name))
        #expect(report.failures.isEmpty, "\(report.failures)")
    }
}

@Suite("Arena use against tflite-micro")
struct ArenaFixtureTests {
    @Test("the memory plan (arena head) is the size tflite-micro plans", arguments: Fixtures.models)
    func head(entry: Fixtures.Entry) throws {
        let interpreter = try Interpreter(model: try Fixtures.model(entry), arenaSize: 1 << 20, abi: .host64)
        #expect(interpreter.plan.size == entry.tflmArena.head)
    }
}

extension ArenaFixtureTests {
    /// tflite-micro runs on this 64-bit host, so it is compared with the host layout; the same accounting at
    /// Cortex-M sizes is what `Interpreter.arenaUsed` reports by default.
    @Test("the persistent tail and the total are tflite-micro's, category by category", arguments: Fixtures.models)
    func tail(entry: Fixtures.Entry) throws {
        let interpreter = try Interpreter(model: try Fixtures.model(entry), arenaSize: 1 << 20, abi: .host64)
        let ours = interpreter.accounting
        #expect(ours.tail == entry.tflmArena.tail)
        #expect(ours.total == entry.tflmArena.total)
        for record in entry.tflmArena.records {
            let item = ours.item(record.name)
            #expect(item?.requested == record.requested, "\(record.name) requested")
            #expect(item?.used == record.used, "\(record.name) used")
        }
        let device = try Interpreter(model: try Fixtures.model(entry), arenaSize: 1 << 20)
        #expect(device.arenaUsed < ours.total)
        #expect(device.plan.size == ours.head)
    }
}
