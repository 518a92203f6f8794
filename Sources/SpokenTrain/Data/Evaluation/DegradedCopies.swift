import Foundation
import SpokenAudio
import SpokenCorpus
import Synchronization

/// Writes spoilt copies of test clips as WAV files with a manifest per `Degradation`, so that `spokend eval
/// --manifest` (or any tool that reads a manifest) can test any model on them.
///
/// Layout: `OUT/<degradation>/<clip's corpus path>` and `OUT/<degradation>/manifest.csv` (paths relative to it),
/// plus `OUT/clean/…` with the untouched clips for the figure beside them. Clips are 16-bit PCM at the corpus
/// clip's own rate. Unreadable clips are skipped and returned.
public struct DegradedCopies: Sendable {
    public var degradations: [Degradation]

    public init(degradations: [Degradation] = Degradation.allCases) {
        self.degradations = degradations
    }

    /// The folder names written: `clean` and each degradation's raw value.
    public var folders: [String] { ["clean"] + degradations.map(\.rawValue) }

    /// Writes the copies of `entries` of `corpus` under `output`, on `jobs` threads.
    public func write(
        _ entries: [ManifestEntry], of corpus: TrainingCorpus, to output: URL, jobs: Int
    ) throws(TrainError) -> [UnreadableClip] {
        let failures = Mutex<[UnreadableClip]>([])
        let written = Mutex<[String: [ManifestEntry]]>([:])
        let writeError = Mutex<String?>(nil)
        Parallel.forEach(Array(repeating: (), count: max(1, jobs)), count: entries.count) { _, index in
            let entry = entries[index]
            let clip: WAVFile
            do throws(AudioError) {
                clip = try WAVFile(contentsOf: corpus.url(of: entry).path).mono()
            } catch {
                failures.withLock { $0.append(UnreadableClip(path: entry.path, reason: error.detail)) }
                return
            }
            let versions =
                [("clean", clip.samples)]
                + degradations.map {
                    ($0.rawValue, $0.apply(to: clip.samples, sampleRate: clip.sampleRate, path: entry.path))
                }
            for (folder, samples) in versions {
                let file = output.appendingPathComponent(folder).appendingPathComponent(entry.path)
                do {
                    try FileManager.default.createDirectory(
                        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    // Clipping at full scale is what a real recording of a loud room would do too.
                    try WAVFile(
                        sampleRate: clip.sampleRate, channelCount: 1, samples: samples.map { max(-1, min(1, $0)) }
                    )
                    .write(to: file.path, as: .pcm16)
                } catch {
                    writeError.withLock { $0 = $0 ?? "\(file.path): \(error)" }
                    return
                }
                var copy = entry
                copy.durationSeconds = Double(samples.count) / Double(clip.sampleRate)
                written.withLock { $0[folder, default: []].append(copy) }
            }
        }
        if let message = writeError.withLock({ $0 }) {
            throw TrainError(.invalidData, "cannot write a degraded copy: \(message)")
        }
        for folder in folders {
            let manifest = CorpusManifest(entries: written.withLock { $0[folder] ?? [] }).sorted
            do {
                try manifest.write(
                    to: output.appendingPathComponent(folder).appendingPathComponent(CorpusManifest.fileName))
            } catch {
                throw TrainError(.invalidData, error.detail)
            }
        }
        return failures.withLock { $0 }.sorted { $0.path < $1.path }
    }
}
