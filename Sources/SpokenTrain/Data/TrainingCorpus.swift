import Foundation
import SpokenCorpus

/// A corpus as training reads it: `DIR/manifest.csv`, the folds of a `SplitScheme`, and the clips' folder.
///
/// Only synthetic speech trains: espeak-ng's (its settings in the manifest) and that of other synthesizers added with
/// `spokend corpus import --synthesizer` (named in the manifest). Recordings are refused, and the import refuses
/// festival and flite: they are kept for the independent evaluation of the shipped models. Speakers that
/// `folds.json` does not list (a generated corpus's `--extra-speakers`, added synthesizers) are in no fold: they
/// train in every fold, under either scheme, and are never validated or tested on.
public struct TrainingCorpus: Sendable {
    public let directory: URL
    public let manifest: CorpusManifest
    public let folds: Folds
    public let scheme: SplitScheme

    /// Reads `DIR/manifest.csv` and, for `.speakers`, `DIR/folds.json`; `.voices` deals the folds from the manifest
    /// with `seed` (`HeldOutVoices`).
    public init(directory: URL, scheme: SplitScheme = .speakers, seed: UInt64 = 0) throws(TrainError) {
        self.directory = directory
        self.scheme = scheme
        do {
            manifest = try CorpusManifest(contentsOf: directory.appendingPathComponent(CorpusManifest.fileName))
            let listed = directory.appendingPathComponent(Folds.fileName)
            switch scheme {
            case .speakers: folds = try Folds(contentsOf: listed)
            case .voices:
                let speakers =
                    FileManager.default.fileExists(atPath: listed.path)
                    ? try Folds(contentsOf: listed).speakers : nil
                folds = try HeldOutVoices.folds(for: manifest, seed: seed, among: speakers)
            }
        } catch {
            throw TrainError(.invalidData, "corpus \(directory.path): \(error.detail)")
        }
        guard !manifest.entries.isEmpty else {
            throw TrainError(.invalidData, "corpus \(directory.path): manifest.csv lists no clips")
        }
        if let recorded = manifest.entries.first(where: { $0.settings == nil && $0.synthesizer == nil }) {
            throw TrainError(
                .invalidData,
                "corpus \(directory.path): \(recorded.path) names no synthesizer (neither espeak-ng settings nor "
                    + "a synthesizer column); only synthetic speech trains, recordings are kept for evaluation")
        }
    }

    /// The file of a clip.
    public func url(of entry: ManifestEntry) -> URL { directory.appendingPathComponent(entry.path) }

    /// The training, validation and test clips of fold `index` (0-based).
    ///
    /// Throws before any work when the fold does not exist, when one of its parts has no clips, or when a class of
    /// `task` has no training clip (a network cannot learn a class it never sees) unless `everyClass` is false: an
    /// architecture search may rank candidates on a corpus of a few classes.
    public func split(fold index: Int, task: TrainingTask, everyClass: Bool = true) throws(TrainError) -> FoldSplit {
        guard folds.folds.indices.contains(index) else {
            throw TrainError(
                .invalidData,
                "fold \(index) does not exist: the \(scheme.rawValue) split has folds 0…\(folds.folds.count - 1)")
        }
        let fold = folds.folds[index]
        func members(_ lists: [Language: [String]]) -> Set<String> {
            Set(lists.flatMap { language, names in names.map { "\(language.rawValue)/\($0)" } })
        }
        let test = members(fold.test)
        let validation = members(fold.validation)
        var split = FoldSplit(training: [], validation: [], test: [])
        for entry in manifest.entries {
            let key = "\(entry.language.rawValue)/\(entry.speaker)"
            if test.contains(key) {
                split.test.append(entry)
            } else if validation.contains(key) {
                split.validation.append(entry)
            } else {
                split.training.append(entry)
            }
        }
        for (name, part) in [("training", split.training), ("validation", split.validation), ("test", split.test)]
        where part.isEmpty {
            throw TrainError(.invalidData, "fold \(index) of the \(scheme.rawValue) split has no \(name) clips")
        }
        var counts = [Int](repeating: 0, count: task.classCount)
        for entry in split.training { counts[task.label(of: entry)] += 1 }
        let empty = counts.indices.filter { counts[$0] == 0 }.map { task.labels[$0] }
        guard empty.isEmpty || !everyClass else {
            throw TrainError(
                .invalidData,
                "fold \(index): \(task.rawValue) class\(empty.count == 1 ? "" : "es") "
                    + "\(empty.prefix(10).joined(separator: ", "))\(empty.count > 10 ? ", …" : "") "
                    + "ha\(empty.count == 1 ? "s" : "ve") no training clips")
        }
        return split
    }
}
