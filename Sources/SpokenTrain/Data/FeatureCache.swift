import Foundation
import SpokenCorpus
import SpokenDSP

/// Clean features of a whole corpus, computed once per front end with SpokenDSP's `FeatureExtractor` (the code the
/// daemon runs, so training and serving cannot disagree) and kept on disk.
///
/// An entry is named by a `StableHash` of the front-end config's JSON and the manifest's text: the same front end
/// on the same corpus reads the file back and computes nothing; any change to either computes afresh. The file is
/// written atomically (a temporary file renamed into place), so a killed run leaves no half entry; an entry that
/// does not parse is recomputed, never trusted.
///
/// Layout of `features-<hash>.bin`: the 8 bytes `SPKFEAT1`, a little-endian UInt64 header length, the header as
/// JSON (frames, mels, paths with features, unreadable clips), then the float32 values in the machine's (little-endian) order.
public struct FeatureCache: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `$XDG_CACHE_HOME/spokend/features`, else `~/.cache/spokend/features`: beside, never inside, a corpus, which
    /// may be read-only.
    public static var defaultDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("spokend/features")
    }

    private static let magic = Array("SPKFEAT1".utf8)

    private struct Header: Codable {
        var frames: Int
        var mels: Int
        var paths: [String]
        var unreadable: [UnreadableClip]
    }

    /// The file that holds the features of `corpus` with front end `config`.
    public func url(corpus: TrainingCorpus, config: FrontEndConfig) -> URL {
        var hash = StableHash()
        hash.combine(Self.magic)
        hash.combine(config.json())
        hash.combine(Array(corpus.manifest.csv.utf8))
        return directory.appendingPathComponent("features-\(hash.hex).bin")
    }

    /// The features of every clip of `corpus`: read from the cache, or computed on `jobs` threads and stored.
    ///
    /// `config` must fix the frame count (`frames`), since a batch needs one shape.
    public func features(corpus: TrainingCorpus, config: FrontEndConfig, jobs: Int) throws(TrainError)
        -> CorpusFeatures
    {
        guard let frames = config.frames else {
            throw TrainError(.invalidArchitecture, "front end: frames must be set to train (one shape per batch)")
        }
        let file = url(corpus: corpus, config: config)
        if let cached = Self.read(file), cached.frames == frames, cached.mels == config.mels {
            return cached
        }
        let entries = corpus.manifest.entries
        let audio = ClipLoader.load(
            entries.map { ($0.path, corpus.url(of: $0)) }, sampleRate: config.sampleRate, jobs: jobs)
        let readable = entries.indices.filter { audio.samples[$0] != nil }
        let values = try BatchFeatures.compute(count: readable.count, config: config, jobs: jobs) {
            audio.samples[readable[$0]]!
        }
        let result = CorpusFeatures(
            frames: frames, mels: config.mels, values: values, paths: readable.map { entries[$0].path },
            unreadable: audio.unreadable, computed: true)
        try write(result, to: file)
        return result
    }

    private func write(_ features: CorpusFeatures, to file: URL) throws(TrainError) {
        let header = Header(
            frames: features.frames, mels: features.mels, paths: features.paths, unreadable: features.unreadable)
        var data = Data(Self.magic)
        let json = StableJSON.encode(header)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        features.values.withUnsafeBufferPointer { values in
            data.append(contentsOf: UnsafeRawBufferPointer(values))
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            throw TrainError(.invalidData, "feature cache \(file.path): cannot write: \(error.localizedDescription)")
        }
    }

    /// The cached features in `file`, or nil when there are none or they do not parse.
    private static func read(_ file: URL) -> CorpusFeatures? {
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped), data.count >= 16,
            Array(data.prefix(8)) == magic
        else { return nil }
        let length = data.subdata(in: 8..<16).withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))
        }
        guard length <= UInt64(data.count - 16),
            let header = try? JSONDecoder().decode(Header.self, from: data.subdata(in: 16..<(16 + Int(length))))
        else { return nil }
        let start = 16 + Int(length)
        let count = header.paths.count * header.frames * header.mels
        guard header.frames > 0, header.mels > 0, data.count - start == count * MemoryLayout<Float>.size else {
            return nil
        }
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = data.subdata(in: start..<data.count).copyBytes(to: buffer)
            initialized = count
        }
        return CorpusFeatures(
            frames: header.frames, mels: header.mels, values: values, paths: header.paths,
            unreadable: header.unreadable, computed: false)
    }
}
