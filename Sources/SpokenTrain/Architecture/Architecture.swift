import Foundation
import SpokenDSP

/// A network to train, as plain data: the front end that makes its input and the layers in order.
///
/// The input is `[frames, mels, 1]` from `frontEnd` (whose `frames` must be set); the trainer appends the classifier
/// (a dense layer with one output per class, no activation) to `layers`, so one architecture serves the language and
/// the number task. It is also the genome of the architecture search, hence no behaviour beyond validation:
///
/// ```json
/// {"front_end": {"sample_rate": 16000, "n_fft": 512, "hop": 320, "mels": 40, "frames": 80},
///  "layers": [{"kind": "conv2d", "filters": 8, "kernel": [3, 3], "stride": [2, 2]},
///             {"kind": "global_average_pool"}]}
/// ```
public struct Architecture: Codable, Sendable, Equatable {
    public var frontEnd: FrontEndConfig
    public var layers: [LayerSpec]

    public init(frontEnd: FrontEndConfig, layers: [LayerSpec]) {
        self.frontEnd = frontEnd
        self.layers = layers
    }

    private enum CodingKeys: String, CodingKey {
        case frontEnd = "front_end"
        case layers
    }

    /// `[frames, mels, 1]`; frames is 0 when the front end leaves it open (which `validate()` rejects).
    public var inputShape: [Int] { [frontEnd.frames ?? 0, frontEnd.mels, 1] }

    /// Checks the front end, every field of every layer and that the shapes work out; the error names the first bad
    /// field by its JSON path (`layers[3].kernel: …`).
    public func validate() throws(TrainError) {
        _ = try NetworkBuilder(architecture: self, classes: 1, dropout: 0).build()
    }

    /// Reads and validates an architecture from JSON.
    public static func decode(json: Data) throws(TrainError) -> Architecture {
        let architecture: Architecture
        do {
            architecture = try JSONDecoder().decode(Architecture.self, from: json)
        } catch let error as DecodingError {
            throw TrainError(.invalidArchitecture, "architecture: \(Self.describe(error))")
        } catch {
            throw TrainError(.invalidArchitecture, "architecture: \(error)")
        }
        try architecture.validate()
        return architecture
    }

    /// The architecture as JSON, keys sorted (equal architectures give equal bytes).
    public func json(pretty: Bool = true) -> Data {
        StableJSON.encode(self, formatting: pretty ? .prettyPrinted : [])
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in codingPath + (key.map { [$0] } ?? []) {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath, key)) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)) has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
