import Foundation
import SpokenCorpus

/// Clips decoded and resampled to one rate (and spoilt, where asked) once, then kept on disk, so that a search's
/// candidates — one process each, perhaps on many Slurm nodes — read samples instead of redoing the WAV reading and
/// the 16 → 8 kHz resampling (once the largest share of a candidate's CPU time).
///
/// An entry is named by a `StableHash` of the rate, the manifest's text and each clip's path and degradation;
/// stored as a `CacheFile` (magic `SPKAUDI1`, header: rate, paths, sample counts, unreadable clips), float32
/// samples exactly as `ClipLoader` and `Degradation` make them, so features computed from a cached entry equal
/// features computed from the WAV files.
public struct AudioCache: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// One clip to keep: a manifest entry, clean (nil) or spoilt by a degradation (seeded from its path).
    public struct Clip: Sendable {
        public var entry: ManifestEntry
        public var degradation: Degradation?

        public init(_ entry: ManifestEntry, degradation: Degradation? = nil) {
            self.entry = entry
            self.degradation = degradation
        }
    }

    private static let magic = Array("SPKAUDI1".utf8)

    private struct Header: Codable {
        var sampleRate: Int
        var paths: [String]
        var counts: [Int]
        var unreadable: [UnreadableClip]
    }

    /// The key (and file name) of `clips` of `corpus` at `sampleRate`.
    public func key(of clips: [Clip], corpus: TrainingCorpus, sampleRate: Int) -> String {
        var hash = StableHash()
        hash.combine(Self.magic)
        hash.combine(UInt64(sampleRate))
        hash.combine(Array(corpus.manifest.csv.utf8))
        for clip in clips {
            hash.combine(Array(clip.entry.path.utf8))
            hash.combine(Array((clip.degradation?.rawValue ?? "clean").utf8))
            hash.combine(UInt64(0))
        }
        return "\(sampleRate)-\(hash.hex)"
    }

    /// The file that holds `clips` of `corpus` at `sampleRate`.
    public func url(of clips: [Clip], corpus: TrainingCorpus, sampleRate: Int) -> URL {
        directory.appendingPathComponent("audio-\(key(of: clips, corpus: corpus, sampleRate: sampleRate)).bin")
    }

    /// The samples of `clips` at `sampleRate`: read from the cache, or read, resampled and spoilt on `jobs` threads
    /// and stored.
    public func audio(of clips: [Clip], corpus: TrainingCorpus, sampleRate: Int, jobs: Int) throws(TrainError)
        -> ClipAudio
    {
        let key = key(of: clips, corpus: corpus, sampleRate: sampleRate)
        let file = url(of: clips, corpus: corpus, sampleRate: sampleRate)
        if let (header, values) = CacheFile.read(
            file, magic: Self.magic, as: Header.self, count: { $0.counts.reduce(0, +) }),
            header.sampleRate == sampleRate, header.counts.count == header.paths.count
        {
            return ClipAudio(
                sampleRate: sampleRate, paths: header.paths, unreadable: header.unreadable, key: key, computed: false,
                values: values, starts: Self.starts(header.counts))
        }
        let loaded = ClipLoader.load(
            clips.map { ($0.entry.path, corpus.url(of: $0.entry)) }, sampleRate: sampleRate, jobs: jobs)
        let readable = clips.indices.filter { loaded.samples[$0] != nil }
        var spoilt = [[Float]](repeating: [], count: readable.count)
        spoilt.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            Parallel.forEach(Array(repeating: (), count: max(1, jobs)), count: readable.count) { _, row in
                let clip = clips[readable[row]]
                let clean = loaded.samples[readable[row]]!
                output[row] =
                    clip.degradation?.apply(to: clean, sampleRate: sampleRate, path: clip.entry.path) ?? clean
            }
        }
        let header = Header(
            sampleRate: sampleRate, paths: readable.map { clips[$0].entry.path }, counts: spoilt.map(\.count),
            unreadable: loaded.unreadable)
        let values = Array(spoilt.joined())
        try CacheFile.write(magic: Self.magic, header: header, values: values, to: file)
        return ClipAudio(
            sampleRate: sampleRate, paths: header.paths, unreadable: header.unreadable, key: key, computed: true,
            values: values, starts: Self.starts(header.counts))
    }

    /// Running sums of `counts`, from 0.
    private static func starts(_ counts: [Int]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(counts.count + 1)
        for count in counts { starts.append(starts.last! + count) }
        return starts
    }
}
