import Foundation
import SpokenAudio
import Synchronization

/// The samples of a corpus's clips as the front end takes them: mono, at the front end's rate (SpokenAudio's
/// reader and SpokenDSP's resampler, the path `spokend classify` and the daemon's file input take).
enum ClipLoader {
    /// One clip's samples.
    static func samples(of url: URL, sampleRate: Int) throws(AudioError) -> [Float] {
        try WAVFile(contentsOf: url.path).mono().resampled(to: sampleRate).samples
    }

    /// The samples of every entry (nil where the clip cannot be read) and the list of those that cannot, read on
    /// `jobs` threads.
    static func load(
        _ entries: [(path: String, url: URL)], sampleRate: Int, jobs: Int
    ) -> (samples: [[Float]?], unreadable: [UnreadableClip]) {
        let results = Mutex<[Int: [Float]]>([:])
        let failures = Mutex<[Int: UnreadableClip]>([:])
        Parallel.forEach(Array(repeating: (), count: max(1, jobs)), count: entries.count) { _, index in
            do throws(AudioError) {
                let samples = try Self.samples(of: entries[index].url, sampleRate: sampleRate)
                results.withLock { $0[index] = samples }
            } catch {
                failures.withLock { $0[index] = UnreadableClip(path: entries[index].path, reason: error.detail) }
            }
        }
        let loaded = results.withLock { $0 }
        let unreadable = failures.withLock { $0 }
        return (entries.indices.map { loaded[$0] }, unreadable.keys.sorted().map { unreadable[$0]! })
    }
}
