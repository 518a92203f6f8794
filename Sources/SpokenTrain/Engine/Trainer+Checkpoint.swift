import Foundation
import SpokenDSP

/// Checkpoints: everything a run needs to continue as if never stopped.
///
/// Layout: the 8 bytes `SPKDCKPT`, a little-endian `UInt64` header length, the header (JSON: format, architecture,
/// classes, options, epochs done, optimizer step, vector lengths), then the parameters, AdamW's two moment vectors and
/// the batch-norm state as little-endian `Float32`. The random generators need no state of their own: they are
/// derived from the seed, the epoch, the step and the shard.
extension Trainer {
    private static let magic = Data("SPKDCKPT".utf8)

    private struct Header: Codable {
        var format: Int
        var architecture: Architecture
        var classes: Int
        var options: TrainingOptions
        var epochsDone: Int
        var optimizerStep: Int
        var parameters: Int
        var state: Int
    }

    /// The trainer's whole state as bytes.
    public func checkpoint() -> Data {
        let header = Header(
            format: 1, architecture: architecture, classes: classes, options: options, epochsDone: epochsDone,
            optimizerStep: optimizer.step, parameters: parameters.count, state: state.count)
        let json = StableJSON.encode(header)
        var data = Self.magic
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for vector in [parameters, optimizer.first, optimizer.second, state] {
            for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    /// Writes `checkpoint()` to `url` atomically (a temporary file in the same folder, then a rename), so a run
    /// killed while writing leaves the previous checkpoint intact.
    public func writeCheckpoint(to url: URL) throws(TrainError) {
        do {
            try checkpoint().write(to: url, options: .atomic)
        } catch {
            throw TrainError(.checkpoint, "cannot write checkpoint \(url.path): \(error.localizedDescription)")
        }
    }

    /// A trainer that continues from `checkpoint()`'s bytes.
    public convenience init(checkpoint data: Data) throws(TrainError) {
        func bad(_ why: String) -> TrainError { TrainError(.checkpoint, "not a spokend checkpoint: \(why)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Data(bytes[0..<8]) == Self.magic else { throw bad("wrong magic bytes") }
        let headerLength = bytes[8..<16].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard headerLength > 0, headerLength <= bytes.count - 16 else { throw bad("header length \(headerLength)") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
        } catch {
            throw bad("unreadable header (\(error))")
        }
        guard header.format == 1 else { throw bad("format \(header.format)") }
        let counts = [header.parameters, header.parameters, header.parameters, header.state]
        guard counts.allSatisfy({ $0 >= 0 }), bytes.count == 16 + headerLength + 4 * counts.reduce(0, +) else {
            throw bad("\(bytes.count) bytes, header says otherwise (truncated?)")
        }
        var offset = 16 + headerLength
        var vectors: [[Float]] = []
        for count in counts {
            vectors.append(
                (0..<count).map { index in
                    let start = offset + 4 * index
                    let bits =
                        UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16
                        | UInt32(bytes[start + 3]) << 24
                    return Float(bitPattern: bits)
                })
            offset += 4 * count
        }
        try header.options.validate()
        let network = try NetworkBuilder(
            architecture: header.architecture, classes: header.classes, dropout: header.options.dropout
        ).build()
        var optimizer = AdamW(count: network.layout.parameterCount, decayed: network.layout.decayed)
        guard vectors[1].count == optimizer.first.count else {
            throw bad("parameter count does not fit the architecture")
        }
        optimizer.first = vectors[1]
        optimizer.second = vectors[2]
        optimizer.step = header.optimizerStep
        try self.init(
            architecture: header.architecture, classes: header.classes, options: header.options,
            epochsDone: header.epochsDone, parameters: vectors[0], state: vectors[3], optimizer: optimizer)
    }

    /// Reads a checkpoint file.
    public convenience init(checkpointAt url: URL) throws(TrainError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TrainError(.checkpoint, "cannot read checkpoint \(url.path): \(error.localizedDescription)")
        }
        try self.init(checkpoint: data)
    }
}
