import Foundation
import Testing

/// One `scipy.signal.resample_poly` reference from `Fixtures/resampler/`, made by
/// `Scripts/make_resampler_fixtures.py` (see there for the file layout).
struct ResamplerFixture: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let inputRate: Int
    let outputRate: Int
    let up: Int
    let down: Int
    let numtaps: Int
    let beta: Double
    let inputCount: Int
    let outputCount: Int
    let hasTaps: Bool?

    enum CodingKeys: String, CodingKey {
        case name, up, down, numtaps, beta
        case inputRate = "input_rate"
        case outputRate = "output_rate"
        case inputCount = "input_count"
        case outputCount = "output_count"
        case hasTaps = "taps"
    }

    var testDescription: String { "\(inputRate) → \(outputRate) Hz" }

    /// Every case in the manifest; empty if the fixtures are missing (a separate test insists they are there).
    /// Where the files were read from: the committed fixtures, or a fresh run of the script.
    var directory = Self.committed

    static let cases: [ResamplerFixture] = (try? load(from: committed)) ?? []

    static var committed: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/resampler")
    }

    /// The cases of the manifest in `directory`.
    static func load(from directory: URL) throws -> [ResamplerFixture] {
        struct Manifest: Decodable { let cases: [ResamplerFixture] }
        let data = try Data(contentsOf: directory.appendingPathComponent("resampler.json"))
        return try JSONDecoder().decode(Manifest.self, from: data).cases.map { fixture in
            var fixture = fixture
            fixture.directory = directory
            return fixture
        }
    }

    func input() throws -> [Float] { try load("\(name).input.f32", as: Float.self) }
    func output() throws -> [Double] { try load("\(name).output.f64", as: Double.self) }
    func taps() throws -> [Double]? { hasTaps == true ? try load("\(name).taps.f64", as: Double.self) : nil }

    /// Reads a raw little-endian array (the fixtures are written little-endian; so is every machine spokend runs on).
    private func load<T: BinaryFloatingPoint>(_ file: String, as type: T.Type) throws -> [T] {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }
}
