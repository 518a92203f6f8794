import Foundation
import SpokenDSP

/// One committed librosa reference (`Fixtures/melspectrogram/<name>.json`, written by `Scripts/make_dsp_fixtures.py`): a front-end
/// config, the signal it ran on, librosa's log-mel frames and its mel filterbank.
struct LibrosaCase: Decodable, CustomStringConvertible {
    struct Matrix: Decodable {
        let shape: [Int]
        let values: [Float]
    }
    struct SparseFilterbank: Decodable {
        let shape: [Int]
        let firstBin: [Int]
        let weights: [[Double]]

        enum CodingKeys: String, CodingKey {
            case shape, weights
            case firstBin = "first_bin"
        }

        /// Row-major dense weights.
        var dense: [Double] {
            var dense = [Double](repeating: 0, count: shape[0] * shape[1])
            for (m, run) in weights.enumerated() {
                for (i, w) in run.enumerated() { dense[m * shape[1] + firstBin[m] + i] = w }
            }
            return dense
        }
    }

    var name = ""
    let config: FrontEndConfig
    let signal: String
    let logMel: Matrix
    let filterbank: SparseFilterbank

    enum CodingKeys: String, CodingKey {
        case config, signal, filterbank
        case logMel = "log_mel"
    }

    var description: String { name }

    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("melspectrogram")

    /// Every case in the fixtures directory, by name.
    static func all() throws -> [LibrosaCase] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { file in
            var fixture = try JSONDecoder().decode(
                LibrosaCase.self, from: Data(contentsOf: directory.appendingPathComponent(file)))
            fixture.name = String(file.dropLast(5))
            return fixture
        }
    }

    /// The case's signal: raw little-endian float32 samples.
    func samples() throws -> [Float] {
        try Self.readFloat32(Data(contentsOf: Self.directory.appendingPathComponent(signal)))
    }

    static func readFloat32(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
            }
        }
    }
}
