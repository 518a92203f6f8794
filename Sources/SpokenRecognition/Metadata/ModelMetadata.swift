import Foundation
import SpokenDSP
import SpokenNN

/// What makes a `.tflite` file a spokend model: its front end, its labels and where it came from, stored as the
/// schema's named metadata entries so that the file alone is enough to reproduce the features it was trained on.
///
/// - `spokend.frontend`: the `FrontEndConfig` as JSON (required; it must fix `frames`, the model's input height);
/// - `spokend.labels`: the class labels in output order, UTF-8, comma-separated (`en,de,fr,zh`, `0,1,…,99`;
///   required);
/// - `spokend.provenance`: `Provenance` as JSON (optional: a model from elsewhere runs without it).
///
/// Reading checks each entry and names the one that is missing or malformed; writing replaces earlier entries of
/// the same names, so `attached(to:)` twice gives one set.
public struct ModelMetadata: Sendable, Equatable {
    public static let frontEndName = "spokend.frontend"
    public static let labelsName = "spokend.labels"
    public static let provenanceName = "spokend.provenance"

    public var frontEnd: FrontEndConfig
    public var labels: [String]
    public var provenance: Provenance?

    public init(frontEnd: FrontEndConfig, labels: [String], provenance: Provenance? = nil) {
        self.frontEnd = frontEnd
        self.labels = labels
        self.provenance = provenance
    }

    /// What the labels say the model answers.
    public var task: ModelTask { ModelTask(labels: labels) }

    /// Reads the entries of `model`; `name` (the file) goes into the error messages.
    public init(model: Model, name: String = "model") throws(RecognitionError) {
        guard let frontEndBytes = model.metadata(named: Self.frontEndName) else {
            throw RecognitionError(
                .missingMetadata,
                "\(name) has no \(Self.frontEndName) metadata: it is not a spokend model (export it with spokend train)"
            )
        }
        do {
            frontEnd = try FrontEndConfig.decode(json: Data(frontEndBytes))
        } catch {
            throw RecognitionError(.malformedMetadata, "\(name): \(Self.frontEndName): \(error)")
        }
        guard frontEnd.frames != nil else {
            throw RecognitionError(
                .malformedMetadata, "\(name): \(Self.frontEndName) does not fix frames, the model's input height")
        }
        guard let labelBytes = model.metadata(named: Self.labelsName) else {
            throw RecognitionError(.missingMetadata, "\(name) has no \(Self.labelsName) metadata")
        }
        guard let text = String(validating: labelBytes, as: UTF8.self) else {
            throw RecognitionError(.malformedMetadata, "\(name): \(Self.labelsName) is not UTF-8 text")
        }
        labels = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !text.isEmpty, !labels.contains(where: \.isEmpty) else {
            throw RecognitionError(
                .malformedMetadata,
                "\(name): \(Self.labelsName) must be comma-separated non-empty labels, got '\(text)'")
        }
        guard Set(labels).count == labels.count else {
            throw RecognitionError(.malformedMetadata, "\(name): \(Self.labelsName) repeats a label: '\(text)'")
        }
        if let provenanceBytes = model.metadata(named: Self.provenanceName) {
            do {
                provenance = try JSONDecoder().decode(Provenance.self, from: Data(provenanceBytes))
            } catch {
                throw RecognitionError(
                    .malformedMetadata, "\(name): \(Self.provenanceName) is not valid provenance JSON: \(error)")
            }
        } else {
            provenance = nil
        }
    }

    /// `model` with these entries: an entry already there gets the new bytes in its own buffer, a new one a new
    /// buffer; a provenance entry is dropped when `provenance` is nil.
    public func attached(to model: Model) -> Model {
        var result = model
        let provenanceBytes = provenance.map { Array(StableJSON.encode($0)) }
        result.metadata.removeAll { $0.name == Self.provenanceName && provenanceBytes == nil }
        let entries: [(String, [UInt8]?)] = [
            (Self.frontEndName, Array(frontEnd.json())),
            (Self.labelsName, Array(labels.joined(separator: ",").utf8)),
            (Self.provenanceName, provenanceBytes),
        ]
        for case (let name, let bytes?) in entries {
            if let entry = result.metadata.first(where: { $0.name == name }), Int(entry.buffer) < result.buffers.count {
                result.buffers[Int(entry.buffer)] = Buffer(bytes)
            } else {
                result.metadata.removeAll { $0.name == name }
                result.buffers.append(Buffer(bytes))
                result.metadata.append(Metadata(name: name, buffer: UInt32(result.buffers.count - 1)))
            }
        }
        return result
    }
}
