import Foundation

/// One operator of a fixture model as TFLM ran it, from `<model>.kernels.json` (made by
/// `Scripts/make_nn_fixtures.py`): options, tensors with their quantization and TFLM's data for batch element 0.
///
/// Independent of the Swift `.tflite` reader: the script read the model with TensorFlow's schema bindings and the
/// activations from tflite-micro, so kernel tests call the kernels directly on this.
struct KernelFixture: Decodable {
    struct TensorData: Decodable {
        var index: Int
        var shape: [Int]
        var type: String
        var scales: [Float]?
        var zeroPoints: [Int32]?
        var quantizedDimension: Int?
        var constant: Bool
        var data: String?

        enum CodingKeys: String, CodingKey {
            case index, shape, type, scales, constant, data
            case zeroPoints = "zero_points"
            case quantizedDimension = "quantized_dimension"
        }

        var scale: Float { scales![0] }
        var zeroPoint: Int32 { zeroPoints![0] }
        var count: Int { shape.reduce(1, *) }

        private var bytes: Data { Data(base64Encoded: data!)! }

        var int8: [Int8] { bytes.map { Int8(bitPattern: $0) } }
        var int32: [Int32] { values(Int32.self) }
        var float32: [Float] { values(Float.self) }

        private func values<T>(_: T.Type) -> [T] {
            let raw = bytes
            return raw.withUnsafeBytes { buffer in
                (0..<(raw.count / MemoryLayout<T>.size)).map {
                    buffer.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)
                }
            }
        }
    }

    struct Case: Decodable {
        var opIndex: Int
        var op: String
        var options: [String: OptionValue]
        var inputs: [TensorData?]
        var outputs: [TensorData]
        var tflmMultipliers: [Multiplier]?

        enum CodingKeys: String, CodingKey {
            case op, options, inputs, outputs
            case opIndex = "op_index"
            case tflmMultipliers = "tflm_multipliers"
        }

        func int(_ key: String) -> Int { options[key]!.int! }
        func bool(_ key: String) -> Bool { options[key]!.bool! }
    }

    struct Multiplier: Decodable {
        var effectiveScale: Double
        var multiplier: Int32
        var shift: Int32

        enum CodingKeys: String, CodingKey {
            case multiplier, shift
            case effectiveScale = "effective_scale"
        }
    }

    enum OptionValue: Decodable {
        case int(Int)
        case bool(Bool)
        case double(Double)
        case other

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else if let value = try? container.decode(Double.self) {
                self = .double(value)
            } else {
                self = .other
            }
        }

        var int: Int? {
            if case .int(let value) = self { return value }
            return nil
        }
        var bool: Bool? {
            if case .bool(let value) = self { return value }
            if case .int(let value) = self { return value != 0 }
            return nil
        }
        var double: Double? {
            if case .double(let value) = self { return value }
            if case .int(let value) = self { return Double(value) }
            return nil
        }
    }

    var model: String
    var cases: [Case]

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// The fixture models listed in the manifest.
    static let modelNames: [String] = {
        struct Manifest: Decodable {
            struct Entry: Decodable { var name: String }
            var models: [Entry]
        }
        let data = try! Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data).models.map(\.name)
    }()

    static func load(_ model: String) throws -> KernelFixture {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(model).kernels.json"))
        return try JSONDecoder().decode(KernelFixture.self, from: data)
    }

    /// Every operator named `op` in every fixture model, labelled `model#index`.
    static func cases(of op: String) -> [(label: String, fixture: Case)] {
        modelNames.flatMap { name -> [(label: String, fixture: Case)] in
            let fixture = try! load(name)
            return fixture.cases.filter { $0.op == op }.map { ("\(name)#\($0.opIndex)", $0) }
        }
    }
}
