import Foundation
import SpokenCorpus
import SpokenDSP

/// Clean features of a whole corpus, computed once per front end with SpokenDSP's `FeatureExtractor` (the code the
/// daemon runs, so training and serving cannot disagree) and kept on disk.
///
/// An entry is named by a `StableHash` of the front-end config's JSON and the manifest's text: the same front end
/// on the same corpus reads the file back and computes nothing; any change to either computes afresh. The file is
/// written atomically, so a killed run leaves no half entry; an entry that does not parse is recomputed, never
/// trusted (`CacheFile`, magic `SPKFEAT1`, header: frames, mels, paths with features, unreadable clips).
///
/// A search's candidates take their features from `ClipAudio` instead (clips already decoded and resampled once per
/// run): such an entry is named by the front end and the audio's `key`.
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
        try cached(url(corpus: corpus, config: config), config: config) { () throws(TrainError) in
            let entries = corpus.manifest.entries
            let audio = ClipLoader.load(
                entries.map { ($0.path, corpus.url(of: $0)) }, sampleRate: config.sampleRate, jobs: jobs)
            let readable = entries.indices.filter { audio.samples[$0] != nil }
            let values = try BatchFeatures.compute(count: readable.count, config: config, jobs: jobs) {
                audio.samples[readable[$0]]!
            }
            return (values, readable.map { entries[$0].path }, audio.unreadable)
        }
    }

    /// The file that holds the features of `audio` with front end `config`.
    public func url(audio: ClipAudio, config: FrontEndConfig) -> URL {
        var hash = StableHash()
        hash.combine(Self.magic)
        hash.combine(config.json())
        hash.combine(Array(audio.key.utf8))
        return directory.appendingPathComponent("features-\(hash.hex).bin")
    }

    /// The features of the clips of `audio` (already at the front end's rate, perhaps spoilt): read from the cache,
    /// or computed on `jobs` threads and stored. What a search's candidates with the same front end share.
    public func features(of audio: ClipAudio, config: FrontEndConfig, jobs: Int) throws(TrainError) -> CorpusFeatures {
        guard audio.sampleRate == config.sampleRate else {
            throw TrainError(
                .invalidData,
                "audio at \(audio.sampleRate) Hz cannot feed a front end at \(config.sampleRate) Hz")
        }
        return try cached(url(audio: audio, config: config), config: config) { () throws(TrainError) in
            let values = try BatchFeatures.compute(count: audio.paths.count, config: config, jobs: jobs) {
                Array(audio.samples(at: $0))
            }
            return (values, audio.paths, audio.unreadable)
        }
    }

    /// The features in `file` when it holds `config`'s shape, else `compute()`'s, stored in `file`.
    private func cached(
        _ file: URL, config: FrontEndConfig,
        compute: () throws(TrainError) -> (values: [Float], paths: [String], unreadable: [UnreadableClip])
    ) throws(TrainError) -> CorpusFeatures {
        guard let frames = config.frames else {
            throw TrainError(.invalidArchitecture, "front end: frames must be set to train (one shape per batch)")
        }
        if let (header, values) = CacheFile.read(
            file, magic: Self.magic, as: Header.self, count: { $0.paths.count * $0.frames * $0.mels }),
            header.frames == frames, header.mels == config.mels
        {
            return CorpusFeatures(
                frames: frames, mels: config.mels, values: values, paths: header.paths,
                unreadable: header.unreadable, computed: false)
        }
        let (values, paths, unreadable) = try compute()
        try CacheFile.write(
            magic: Self.magic, header: Header(frames: frames, mels: config.mels, paths: paths, unreadable: unreadable),
            values: values, to: file)
        return CorpusFeatures(
            frames: frames, mels: config.mels, values: values, paths: paths, unreadable: unreadable, computed: true)
    }
}
