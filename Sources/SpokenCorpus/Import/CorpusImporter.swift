import Foundation
import SpokenAudio
import SpokenDSP
import Synchronization

/// Imports the published SpokeN-100 (zenodo 10810044) into spokend's corpus layout.
///
/// The source is read as the reference repository's analysis code reads it: one folder per language
/// (`english_numbers`, `german_numbers`, `french_numbers`, `mandarin_numbers`; see `Language(folderName:)` for the
/// accepted variants), one sub-folder per speaker (a first name), one file per number (`42.wav`, also `042.WAV`).
/// The language folders may sit in one wrapper folder (as an unpacked archive has them). Each clip is mixed to
/// mono, resampled to `sampleRate` with `Resampler`, measured with `PitchEstimator.paperF0`, and written as 16-bit PCM to
/// `DIR/<language>/<speaker>/<number>.wav` (atomically, so a re-run after an interruption simply redoes it), with
/// `manifest.csv`, `folds.json` (the paper's folds when the speakers are SpokeN-100's) and `import-report.txt`.
///
/// With a `synthesizer` the source is another engine's speech for training (see `Scripts/piper_voices.py`): each clip is
/// also trimmed as `corpus generate` trims its own, each row names the synthesizer, and a corpus already in the
/// output folder is kept: the new speakers join its manifest in no fold, so they train in every fold and are never
/// tested on.
///
/// Nothing is skipped silently: every file that is not imported — a stray file, a name that is not a number 0–99,
/// a duplicate number, a WAV that cannot be read — is listed with its reason in the report.
public struct CorpusImporter: Sendable {
    public var sampleRate: Int
    public var jobs: Int
    /// The engine and voice that spoke the clips (`piper:en_US-joe-medium`), or nil for SpokeN-100 and recordings.
    public var synthesizer: String?

    /// Engines kept for the independent check of the shipped models (`Scripts/independent_eval.py`): a model that
    /// trained on them could not be checked on them.
    public static let reservedSynthesizers = ["festival", "flite"]

    public init(
        sampleRate: Int = 16000, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, synthesizer: String? = nil
    ) {
        self.sampleRate = sampleRate
        self.jobs = max(1, jobs)
        self.synthesizer = synthesizer
    }

    /// A source file that looks like a clip.
    private struct Candidate: Sendable {
        var source: URL
        var relativePath: String
        var language: Language
        var speaker: String
        var number: Int
    }

    /// Imports `source` into `output`; `log` receives progress lines. Throws when nothing could be imported or the
    /// output cannot be written; rejected files are in the returned report, not errors.
    public func run(source: URL, output: URL, log: @Sendable (String) -> Void = { _ in }) throws(CorpusError)
        -> ImportReport
    {
        guard sampleRate >= 8000 else {
            throw CorpusError(.invalidOption, "sample rate \(sampleRate) Hz is too low for speech (at least 8000)")
        }
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError(.io, "no folder at \(source.path)")
        }
        guard source.standardizedFileURL.path != output.standardizedFileURL.path else {
            throw CorpusError(.invalidOption, "the output folder must differ from the source folder \(source.path)")
        }
        let existing = try corpus(joinedAt: output)
        var rejected: [ImportReport.Rejection] = []
        let candidates = try scan(source, rejected: &rejected)
        if let existing {
            if let other = existing.entries.first(where: { $0.sampleRate != sampleRate }) {
                throw CorpusError(
                    .invalidOption,
                    "\(output.path) holds clips at \(other.sampleRate) Hz: add these at that rate (--sample-rate)")
            }
            let present = Set(existing.entries.map { "\($0.language.rawValue)/\($0.speaker)" })
            if let clash = candidates.first(where: { present.contains("\($0.language.rawValue)/\($0.speaker)") }) {
                throw CorpusError(
                    .invalidOption,
                    "\(output.path) already has a speaker \(clash.language.rawValue)/\(clash.speaker): "
                        + "give the added speakers other names")
            }
        }
        do {
            try files.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(.io, "cannot create \(output.path): \(error.localizedDescription)")
        }
        guard files.isWritableFile(atPath: output.path) else {
            throw CorpusError(.io, "cannot write to \(output.path)")
        }
        log("importing \(candidates.count) clips from \(source.path) with \(jobs) workers")
        let results = try convert(candidates, into: output, log: log)
        var entries: [ManifestEntry] = []
        for (candidate, result) in zip(candidates, results) {
            switch result {
            case .success(let entry): entries.append(entry)
            case .failure(let error):
                if error.code == .io { throw error }
                rejected.append(.init(path: candidate.relativePath, reason: error.detail))
            }
        }
        let added = CorpusManifest(entries: entries).sorted
        var speakers: [Language: [String]] = [:]
        for entry in added.entries where speakers[entry.language]?.last != entry.speaker {
            speakers[entry.language, default: []].append(entry.speaker)
        }
        var report = ImportReport(
            source: source.path, output: output.path, imported: entries.count, sampleRate: sampleRate,
            clipsPerLanguage: speakers.keys.sorted().map { language in
                (language, speakers[language]!.count, entries.filter { $0.language == language }.count)
            },
            rejected: rejected.sorted { $0.path < $1.path }, missing: Self.missing(added), foldsOrigin: "")
        defer { try? Data(report.text.utf8).write(to: output.appendingPathComponent(ImportReport.fileName)) }
        guard !entries.isEmpty else {
            report.foldsOrigin = "none (nothing imported)"
            throw CorpusError(
                .invalidFormat,
                "nothing imported from \(source.path): \(rejected.count) files not recognised, listed in "
                    + "\(output.path)/\(ImportReport.fileName)")
        }
        if let existing {
            report.foldsOrigin = "unchanged: the added speakers are in no fold, so they train in every fold"
            try CorpusManifest(entries: existing.entries + entries).sorted
                .write(to: output.appendingPathComponent(CorpusManifest.fileName))
            return report
        }
        let folds: Folds
        if let reference = SpokeN100Folds.folds(speakers: speakers) {
            folds = reference
            report.foldsOrigin = "SpokeN-100's reference folds (\(folds.folds.count) with test speakers present)"
        } else {
            folds = try Folds.make(speakers: speakers, seed: 0)
            report.foldsOrigin =
                "dealt with seed 0 (\(folds.folds.count) folds): the speakers are not SpokeN-100's, or too few of "
                + "them for its folds"
        }
        try added.write(to: output.appendingPathComponent(CorpusManifest.fileName))
        try folds.write(to: output.appendingPathComponent(Folds.fileName))
        return report
    }

    /// The corpus that a synthesizer's clips join: the one in `output`, or nil for a new corpus (and always without a
    /// synthesizer, when `output` becomes a corpus of its own). Checks the synthesizer's name first.
    private func corpus(joinedAt output: URL) throws(CorpusError) -> CorpusManifest? {
        guard let synthesizer else { return nil }
        guard !synthesizer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CorpusError(.invalidOption, "the synthesizer's name is empty")
        }
        if let reserved = Self.reservedSynthesizers.first(where: { synthesizer.lowercased().hasPrefix($0) }) {
            throw CorpusError(
                .invalidOption,
                "\(reserved) is kept for the independent check of the shipped models, not for training")
        }
        let manifest = output.appendingPathComponent(CorpusManifest.fileName)
        guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
        return try CorpusManifest(contentsOf: manifest)
    }

    /// Finds the clips under `source`; everything else goes to `rejected`.
    private func scan(_ source: URL, rejected: inout [ImportReport.Rejection]) throws(CorpusError) -> [Candidate] {
        func children(_ url: URL) -> [URL] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.sorted().map { url.appendingPathComponent($0) }
        }
        func isDirectory(_ url: URL) -> Bool {
            var flag: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
        }
        func relative(_ url: URL) -> String {
            String(url.standardizedFileURL.path.dropFirst(source.standardizedFileURL.path.count + 1))
        }
        /// Lists every file under `url` as rejected for `reason`.
        func rejectAll(_ url: URL, _ reason: String) {
            if isDirectory(url) {
                let inside = children(url)
                if inside.isEmpty { rejected.append(.init(path: relative(url) + "/", reason: reason + " (empty)")) }
                for child in inside { rejectAll(child, reason) }
            } else {
                rejected.append(.init(path: relative(url), reason: reason))
            }
        }
        var root = source
        if !children(source).contains(where: { isDirectory($0) && Language(folderName: $0.lastPathComponent) != nil }) {
            // An unpacked archive: the language folders one level down, in the only folder that has them.
            let wrappers = children(source).filter { folder in
                isDirectory(folder)
                    && children(folder).contains {
                        isDirectory($0) && Language(folderName: $0.lastPathComponent) != nil
                    }
            }
            guard wrappers.count == 1 else {
                throw CorpusError(
                    .invalidFormat,
                    "\(source.path) has no language folders (expected english_numbers, german_numbers, "
                        + "french_numbers, mandarin_numbers or names like english, de, fr, zh)")
            }
            root = wrappers[0]
            for other in children(source) where other != root { rejectAll(other, "outside the language folders") }
        }
        var candidates: [Candidate] = []
        var seen: [String: String] = [:]
        for item in children(root) {
            guard isDirectory(item), let language = Language(folderName: item.lastPathComponent) else {
                rejectAll(item, "not a language folder")
                continue
            }
            for speakerFolder in children(item) {
                guard isDirectory(speakerFolder) else {
                    rejectAll(speakerFolder, "a file in a language folder, outside any speaker folder")
                    continue
                }
                let folderName = speakerFolder.lastPathComponent
                let speaker = SpokeN100Folds.canonicalName(folderName) ?? folderName
                // Shorter names first, so of `1.wav` and `01.wav` the plain name is the one imported.
                let inside = children(speakerFolder).sorted {
                    ($0.lastPathComponent.count, $0.lastPathComponent) < (
                        $1.lastPathComponent.count, $1.lastPathComponent
                    )
                }
                for file in inside {
                    if isDirectory(file) {
                        rejectAll(file, "a folder inside a speaker folder")
                        continue
                    }
                    let name = file.lastPathComponent
                    let stem = file.deletingPathExtension().lastPathComponent
                    guard file.pathExtension.lowercased() == "wav" else {
                        rejectAll(file, "not a .wav file")
                        continue
                    }
                    guard !stem.isEmpty, stem.count <= 3, stem.allSatisfy(\.isASCII), stem.allSatisfy(\.isNumber),
                        let number = Int(stem), (0...99).contains(number)
                    else {
                        rejectAll(file, "'\(name)' is not named after a number 0–99")
                        continue
                    }
                    let key = "\(language.rawValue)/\(speaker)/\(number)"
                    if let first = seen[key] {
                        rejectAll(file, "a second clip of \(language.name) \(speaker) \(number) (first: \(first))")
                        continue
                    }
                    seen[key] = relative(file)
                    candidates.append(
                        Candidate(
                            source: file, relativePath: relative(file), language: language, speaker: speaker,
                            number: number))
                }
            }
        }
        return candidates
    }

    /// Reads, resamples, measures and writes every candidate on `jobs` threads; one result per candidate.
    private func convert(_ candidates: [Candidate], into output: URL, log: @Sendable (String) -> Void)
        throws(CorpusError) -> [Result<ManifestEntry, CorpusError>]
    {
        let results = Mutex([Result<ManifestEntry, CorpusError>?](repeating: nil, count: candidates.count))
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let rate = sampleRate
        let synthesizer = synthesizer
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(1, candidates.count))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < candidates.count else { return }
                let result = Self.convert(
                    candidates[index], into: output, sampleRate: rate, synthesizer: synthesizer)
                results.withLock { $0[index] = result }
                let count = done.wrappingAdd(1, ordering: .relaxed).newValue
                if count % 500 == 0 || count == candidates.count { log("\(count)/\(candidates.count) clips") }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// One clip: a rejection reason (`.corruptClip`), an I/O failure (`.io`, fatal) or its manifest entry. A
    /// synthesizer's clip is trimmed as generated clips are, so both start and end alike.
    private static func convert(_ candidate: Candidate, into output: URL, sampleRate: Int, synthesizer: String?)
        -> Result<ManifestEntry, CorpusError>
    {
        let audio: WAVFile
        do {
            audio = try WAVFile(contentsOf: candidate.source.path).mono()
        } catch {
            return .failure(CorpusError(.corruptClip, "cannot be read: \(error.detail)"))
        }
        guard audio.frameCount > 0 else { return .failure(CorpusError(.corruptClip, "holds no audio")) }
        var samples: [Float]
        do {
            samples = try Resampler.resample(audio.samples, from: audio.sampleRate, to: sampleRate)
        } catch {
            return .failure(
                CorpusError(.corruptClip, "cannot be resampled from \(audio.sampleRate) Hz: \(error.detail)"))
        }
        if synthesizer != nil { samples = SilenceTrimmer(sampleRate: sampleRate).trim(samples) }
        let path = "\(candidate.language.rawValue)/\(candidate.speaker)/\(candidate.number).wav"
        let target = output.appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try WAVFile(sampleRate: sampleRate, channelCount: 1, samples: samples, format: .pcm16)
                .write(to: target.path, as: .pcm16)
        } catch let error as AudioError {
            return .failure(CorpusError(.io, "cannot write \(target.path): \(error.detail)"))
        } catch {
            return .failure(CorpusError(.io, "cannot write \(target.path): \(error.localizedDescription)"))
        }
        return .success(
            ManifestEntry(
                path: path, language: candidate.language, number: candidate.number, speaker: candidate.speaker,
                sampleRate: sampleRate, durationSeconds: Double(samples.count) / Double(sampleRate),
                f0Hz: try? PitchEstimator.paperF0(samples, sampleRate: sampleRate), synthesizer: synthesizer))
    }

    /// Per language and speaker, the numbers 0–99 without a clip.
    static func missing(_ manifest: CorpusManifest) -> [(language: Language, speaker: String, numbers: [Int])] {
        var present: [String: Set<Int>] = [:]
        var order: [(Language, String)] = []
        for entry in manifest.entries {
            let key = "\(entry.language.rawValue)/\(entry.speaker)"
            if present[key] == nil { order.append((entry.language, entry.speaker)) }
            present[key, default: []].insert(entry.number)
        }
        return order.compactMap { language, speaker in
            let have = present["\(language.rawValue)/\(speaker)"]!
            let lacking = (0...99).filter { !have.contains($0) }
            return lacking.isEmpty ? nil : (language, speaker, lacking)
        }
    }
}
