import Foundation
import SpokenAudio
import SpokenDSP
import Synchronization

/// Describes a corpus folder (`manifest.csv` and its WAV files) in SVG plots and a `report.md` that links them:
/// counts per language, speaker and number and what is missing; the distribution of clip durations; F0 per speaker
/// and per language; and a 2-D UMAP (and PCA) embedding of the clips' log-mel features coloured by language.
///
/// F0 comes from the manifest's `f0_hz` where it was measured, otherwise from `PitchEstimator.paperF0` on the clip. The
/// embedding uses at most `embeddingClips` clips, drawn with `seed` so the same corpus gives the same picture; each is
/// summarised by `ClipSummary` over `FeatureExtractor` frames with `frontEnd` (resampled first if its rate differs),
/// standardised per column, then reduced with `UMAP`. How trustworthy the picture is and how well the languages
/// separate (nearest-neighbour agreement in the picture and in the features themselves) are printed beside it.
public struct CorpusReporter: Sendable {
    public var frontEnd: FrontEndConfig
    public var embeddingClips: Int
    public var seed: UInt64
    public var jobs: Int

    public static let defaultFrontEnd = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)

    public init(
        frontEnd: FrontEndConfig = CorpusReporter.defaultFrontEnd, embeddingClips: Int = 3000, seed: UInt64 = 42,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.frontEnd = frontEnd
        self.embeddingClips = embeddingClips
        self.seed = seed
        self.jobs = max(1, jobs)
    }

    /// What one clip gave: its F0 (if it had to be measured), its feature summary (if it is in the embedding).
    private struct ClipResult: Sendable {
        var f0: Double?
        var summary: [Double]?
        var error: String?
    }

    /// Writes the report for the corpus in `corpus` into `output`.
    public func run(corpus: URL, output: URL, log: @Sendable (String) -> Void = { _ in }) throws(CorpusError)
        -> CorpusOverview
    {
        let manifest = try CorpusManifest(contentsOf: corpus.appendingPathComponent(CorpusManifest.fileName)).sorted
        guard !manifest.entries.isEmpty else {
            throw CorpusError(.invalidFormat, "\(corpus.path)/\(CorpusManifest.fileName) lists no clips")
        }
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(.io, "cannot create \(output.path): \(error.localizedDescription)")
        }
        let counts = CorpusCounts(manifest, root: corpus)
        let entries = manifest.entries
        let absent = Set(counts.absentFiles)
        let sample = Self.sample(count: entries.count, size: embeddingClips, seed: seed).filter {
            !absent.contains(entries[$0].path)
        }
        let inSample = Set(sample)
        let work = entries.indices.filter {
            !absent.contains(entries[$0].path) && (entries[$0].f0Hz == nil || inSample.contains($0))
        }
        log(
            "reading \(work.count) clips (F0 for \(work.filter { entries[$0].f0Hz == nil }.count), features for \(sample.count))"
        )
        let results = try analyse(entries, work: work, inSample: inSample, corpus: corpus, log: log)

        var f0 = entries.map(\.f0Hz)
        var unreadable: [(path: String, reason: String)] = counts.absentFiles.map {
            ($0, "listed in the manifest, not found")
        }
        var summaries: [(index: Int, vector: [Double])] = []
        for (index, result) in zip(work, results) {
            if let error = result.error {
                unreadable.append((entries[index].path, error))
                continue
            }
            if f0[index] == nil { f0[index] = result.f0 }
            if let vector = result.summary { summaries.append((index, vector)) }
        }

        var files = ["report.md"]
        func write(_ name: String, _ text: String) throws(CorpusError) {
            do {
                try Data(text.utf8).write(to: output.appendingPathComponent(name), options: .atomic)
            } catch {
                throw CorpusError(
                    .io, "cannot write \(output.appendingPathComponent(name).path): \(error.localizedDescription)")
            }
            files.append(name)
        }
        let languages = counts.languages
        let names = languages.map(\.name)
        var durations: [Language: [Double]] = [:]
        for entry in entries { durations[entry.language, default: []].append(entry.durationSeconds) }
        try write(
            "durations.svg",
            Histogram(
                title: "Clip durations", xLabel: "duration (s)",
                series: languages.map { ($0.name, durations[$0] ?? []) }, bins: 40
            ).svg())

        var pitch: [CorpusOverview.SpeakerPitch] = []
        var speakerGroups: [StripPlot.Group] = []
        var languageGroups: [StripPlot.Group] = []
        for (position, language) in languages.enumerated() {
            var all: [Double] = []
            for speaker in counts.speakers[language] ?? [] {
                let values = entries.indices.filter {
                    entries[$0].language == language && entries[$0].speaker == speaker
                }
                .compactMap { f0[$0] }
                all += values
                pitch.append(
                    .init(
                        language: language, speaker: speaker, medianF0: PitchEstimator.median(values),
                        clipsWithF0: values.count))
                speakerGroups.append(
                    .init(label: "\(language.rawValue) \(speaker)", values: values, category: position))
            }
            languageGroups.append(.init(label: language.name, values: all, category: position))
        }
        try write(
            "f0-languages.svg",
            StripPlot(title: "F0 per language (one point per clip)", yLabel: "F0 (Hz)", groups: languageGroups).svg())
        try write(
            "f0-speakers.svg",
            StripPlot(
                title: "F0 per speaker (one point per clip)", yLabel: "F0 (Hz)", groups: speakerGroups,
                categories: names
            ).svg())

        var trust = Double.nan
        var agreementEmbedded = Double.nan
        var agreementFeatures = Double.nan
        var speakerAgreement = Double.nan
        var numberAgreement = Double.nan
        if summaries.count >= 4 {
            log("embedding \(summaries.count) clips")
            let rows = ClipSummary.standardized(summaries.map(\.vector))
            let labels = summaries.map { languages.firstIndex(of: entries[$0.index].language)! }
            let umap = try UMAP(seed: seed).embed(rows)
            let pca = try PCA(fitting: rows, components: 2)
            let projected = pca.transform(rows).map { $0.count == 2 ? $0 : [$0.first ?? 0, 0] }
            let k = min(10, summaries.count - 1)
            // Trustworthiness sorts all pairs per point: on at most 1000 clips, every n-th of the sample so that
            // every language is in it.
            let stride = max(1, (rows.count + 999) / 1000)
            let checked = Swift.stride(from: 0, to: rows.count, by: stride).map { $0 }
            if checked.count > 2 * k + 1 {
                trust = Trustworthiness.score(
                    original: checked.map { rows[$0] }, embedded: checked.map { umap[$0] }, k: k)
            }
            agreementEmbedded = NeighbourAgreement.score(points: umap, labels: labels, k: k)
            agreementFeatures = NeighbourAgreement.score(points: rows, labels: labels, k: k)
            // What else the picture groups by: the same voice, the same number.
            var speakerIDs: [String: Int] = [:]
            let speakerLabels = summaries.map { summary in
                let entry = entries[summary.index]
                let key = "\(entry.language.rawValue)/\(entry.speaker)"
                if let id = speakerIDs[key] { return id }
                speakerIDs[key] = speakerIDs.count
                return speakerIDs.count - 1
            }
            speakerAgreement = NeighbourAgreement.score(points: umap, labels: speakerLabels, k: k)
            numberAgreement = NeighbourAgreement.score(
                points: umap, labels: summaries.map { entries[$0.index].number }, k: k)
            let explained = pca.explainedVariance.map { $0 / max(1e-300, pca.totalVariance) * 100 }
            try write(
                "embedding-umap.svg",
                ScatterPlot(
                    title: "UMAP of clip log-mel summaries (\(rows.count) clips)", xLabel: "UMAP 1", yLabel: "UMAP 2",
                    points: zip(umap, labels).map { .init(x: $0[0], y: $0[1], category: $1) }, categories: names
                ).svg())
            try write(
                "embedding-pca.svg",
                ScatterPlot(
                    title: "PCA of clip log-mel summaries (\(rows.count) clips)",
                    xLabel: String(format: "PC 1 (%.1f %% of variance)", explained.first ?? 0),
                    yLabel: String(format: "PC 2 (%.1f %% of variance)", explained.dropFirst().first ?? 0),
                    points: zip(projected, labels).map { .init(x: $0[0], y: $0[1], category: $1) }, categories: names
                ).svg())
            var csv = "path,language,speaker,number,umap_x,umap_y,pca_x,pca_y\n"
            for (row, summary) in summaries.enumerated() {
                let entry = entries[summary.index]
                csv += CSV.record([
                    entry.path, entry.language.rawValue, entry.speaker, String(entry.number),
                    String(format: "%.4f", umap[row][0]), String(format: "%.4f", umap[row][1]),
                    String(format: "%.4f", projected[row][0]), String(format: "%.4f", projected[row][1]),
                ])
            }
            try write("embedding.csv", csv)
        }

        var report = CorpusOverview(
            counts: counts, durations: durations, pitch: pitch, unreadable: unreadable, embeddedClips: summaries.count,
            trustworthiness: trust, languageAgreementEmbedded: agreementEmbedded,
            languageAgreementFeatures: agreementFeatures, speakerAgreementEmbedded: speakerAgreement,
            numberAgreementEmbedded: numberAgreement, files: files, markdown: "")
        report.markdown = markdown(report, corpus: corpus, f0FromManifest: entries.filter { $0.f0Hz != nil }.count)
        do {
            try Data(report.markdown.utf8).write(to: output.appendingPathComponent("report.md"), options: .atomic)
        } catch {
            throw CorpusError(
                .io, "cannot write \(output.appendingPathComponent("report.md").path): \(error.localizedDescription)")
        }
        return report
    }

    /// `size` distinct indices of `0..<count` drawn with `seed` (all of them when `size ≥ count`), ascending.
    static func sample(count: Int, size: Int, seed: UInt64) -> [Int] {
        guard size < count else { return Array(0..<count) }
        var indices = Array(0..<count)
        var random = SplitMix64(seed: seed)
        random.shuffle(&indices)
        return indices.prefix(max(0, size)).sorted()
    }

    /// Reads the clips of `work` on `jobs` threads: F0 where the manifest has none, features where sampled.
    private func analyse(
        _ entries: [ManifestEntry], work: [Int], inSample: Set<Int>, corpus: URL, log: @Sendable (String) -> Void
    ) throws(CorpusError) -> [ClipResult] {
        let config = frontEnd
        do {
            _ = try FeatureExtractor(config: config)
        } catch {
            throw CorpusError(.invalidOption, "front end: \(error.detail)")
        }
        let results = Mutex([ClipResult?](repeating: nil, count: work.count))
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(1, work.count))) { _ in
            // One extractor per thread: it holds streaming state. The config was validated above.
            guard let extractor = try? FeatureExtractor(config: config) else { return }
            while true {
                let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard position < work.count else { return }
                let index = work[position]
                let entry = entries[index]
                var result = ClipResult()
                do {
                    let audio = try WAVFile(contentsOf: corpus.appendingPathComponent(entry.path).path).mono()
                    if entry.f0Hz == nil {
                        result.f0 = try PitchEstimator.paperF0(audio.samples, sampleRate: audio.sampleRate)
                    }
                    if inSample.contains(index) {
                        let samples =
                            audio.sampleRate == config.sampleRate
                            ? audio.samples
                            : try Resampler.resample(audio.samples, from: audio.sampleRate, to: config.sampleRate)
                        result.summary = ClipSummary.of(extractor.features(of: samples))
                        if result.summary == nil { result.error = "too short for one feature frame" }
                    }
                } catch let error as AudioError {
                    result.error = error.detail
                } catch let error as DSPError {
                    result.error = error.detail
                } catch {
                    result.error = "\(error)"
                }
                results.withLock { $0[position] = result }
                let count = done.wrappingAdd(1, ordering: .relaxed).newValue
                if count % 1000 == 0 { log("\(count)/\(work.count) clips read") }
            }
        }
        return results.withLock { $0.map { $0 ?? ClipResult(error: "not analysed") } }
    }

    /// The text of `report.md`.
    private func markdown(_ report: CorpusOverview, corpus: URL, f0FromManifest: Int) -> String {
        let counts = report.counts
        func format(_ value: Double?, _ decimals: Int = 1) -> String {
            guard let value, value.isFinite else { return "–" }
            return String(format: "%.\(decimals)f", value)
        }
        let total = counts.clips.values.reduce(0, +)
        let hours = report.durations.values.joined().reduce(0, +) / 3600
        var md = "# Corpus report: \(corpus.lastPathComponent)\n\n"
        let perLanguage = Set(counts.speakers.values.map(\.count))
        let speakerText =
            perLanguage.count == 1
            ? "\(perLanguage.first!) speakers per language"
            : "speakers per language "
                + counts.languages.map { "\($0.rawValue) \(counts.speakers[$0]?.count ?? 0)" }.joined(separator: ", ")
        md += "`\(corpus.path)`: \(total) clips, \(counts.languages.count) languages, \(speakerText), "
        md += "numbers \(ImportReport.ranges(counts.numbers)), \(format(hours, 2)) hours of audio.\n\n"
        md += "## Counts\n\n| language | speakers | clips | expected | missing |\n| --- | ---: | ---: | ---: | ---: |\n"
        for language in counts.languages {
            let speakers = counts.speakers[language]?.count ?? 0
            let clips = counts.clips[language] ?? 0
            md += "| \(language.name) | \(speakers) | \(clips) | \(speakers * counts.numbers.count) | "
            md += "\(speakers * counts.numbers.count - clips) |\n"
        }
        md += "\nExpected: every speaker says every number that occurs in the corpus.\n\n"
        md += "<details><summary>Clips per speaker</summary>\n\n| speaker | "
        md += counts.languages.map(\.rawValue).joined(separator: " | ") + " |\n| --- |"
        md += String(repeating: " ---: |", count: counts.languages.count) + "\n"
        var perSpeaker: [String: [Language: Int]] = [:]
        for language in counts.languages {
            for speaker in counts.speakers[language] ?? [] {
                let gap = counts.gaps.first { $0.language == language && $0.speaker == speaker }
                perSpeaker[speaker, default: [:]][language] = counts.numbers.count - (gap?.numbers.count ?? 0)
            }
        }
        for speaker in perSpeaker.keys.sorted() {
            let cells = counts.languages.map { perSpeaker[speaker]?[$0].map(String.init) ?? "–" }
            md += "| \(speaker) | " + cells.joined(separator: " | ") + " |\n"
        }
        md += "\n</details>\n\n"
        if counts.gaps.isEmpty {
            md += "Nothing is missing: every speaker has every number.\n"
        } else {
            md += "Missing clips (\(counts.gaps.count) speakers):\n\n"
            for gap in counts.gaps.prefix(100) {
                md += "- \(gap.language.rawValue)/\(gap.speaker): \(ImportReport.ranges(gap.numbers))\n"
            }
            if counts.gaps.count > 100 { md += "- … and \(counts.gaps.count - 100) more speakers\n" }
        }
        var unevenNumbers: [String] = []
        for language in counts.languages {
            let speakers = counts.speakers[language]?.count ?? 0
            let short = counts.numbers.filter { (counts.perNumber[language]?[$0] ?? 0) < speakers }
            if !short.isEmpty { unevenNumbers.append("\(language.name): \(ImportReport.ranges(short))") }
        }
        if !unevenNumbers.isEmpty {
            md += "\nNumbers said by fewer than all speakers: \(unevenNumbers.joined(separator: "; ")).\n"
        }
        if !counts.duplicates.isEmpty {
            md += "\nManifest rows that repeat a clip: \(counts.duplicates.prefix(20).joined(separator: ", "))\n"
        }
        if !report.unreadable.isEmpty {
            md += "\nUnreadable or absent clips (\(report.unreadable.count)):\n\n"
            for item in report.unreadable.prefix(50) { md += "- `\(item.path)`: \(item.reason)\n" }
        }

        md += "\n## Durations\n\n![Clip durations](durations.svg)\n\n"
        md += "| language | min (s) | median (s) | mean (s) | max (s) |\n| --- | ---: | ---: | ---: | ---: |\n"
        for language in counts.languages {
            let values = (report.durations[language] ?? []).sorted()
            let mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            md += "| \(language.name) | \(format(values.first, 2)) | \(format(PitchEstimator.median(values), 2)) | "
            md += "\(format(mean, 2)) | \(format(values.last, 2)) |\n"
        }

        md += "\n## F0\n\n"
        md += "YIN as the paper's pYIN setting (`PitchEstimator.paperF0`: 11,025 Hz, frame 512, C2–C7, voiced frames "
        md += "within 50–300 Hz, median per clip); "
        md += "\(f0FromManifest) clips from the manifest's `f0_hz`, the rest measured here.\n\n"
        md += "![F0 per language](f0-languages.svg)\n\n![F0 per speaker](f0-speakers.svg)\n\n"
        md += "| language | clips with F0 | median F0 (Hz) | speaker medians (Hz) |\n| --- | ---: | ---: | --- |\n"
        for language in counts.languages {
            let speakers = report.pitch.filter { $0.language == language }
            let medians = speakers.compactMap(\.medianF0).sorted()
            let clips = speakers.reduce(0) { $0 + $1.clipsWithF0 }
            md += "| \(language.name) | \(clips) | \(format(PitchEstimator.median(medians))) | "
            md += "\(format(medians.first))–\(format(medians.last)) |\n"
        }
        let unvoiced = report.pitch.filter { $0.medianF0 == nil }
        if !unvoiced.isEmpty {
            md +=
                "\nSpeakers without a voiced clip in 50–300 Hz (their voice may lie above or below the window): "
                + unvoiced.map { "\($0.language.rawValue)/\($0.speaker)" }.joined(separator: ", ") + ".\n"
        }

        md += "\n## Embedding\n\n"
        if report.embeddedClips >= 4 {
            md += "Each clip is summarised by the mean and standard deviation of its \(frontEnd.mels) log-mel bands "
            md += "(\(frontEnd.sampleRate) Hz, n_fft \(frontEnd.nFFT), hop \(frontEnd.hop)), standardised per column; "
            md += "\(report.embeddedClips) clips drawn with seed \(seed). UMAP as in the paper (15 neighbours, "
            md += "min_dist 0.1, PCA start, one thread); PCA beside it for a linear view.\n\n"
            md += "- trustworthiness of the UMAP picture (10 neighbours, on ≤ 1000 of the clips): "
            md += "\(format(report.trustworthiness, 3))\n"
            md += "- share of each clip's 10 nearest neighbours with the same language: "
            md += "\(format(report.languageAgreementEmbedded, 3)) in the picture, "
            md += "\(format(report.languageAgreementFeatures, 3)) in the features "
            md += "(chance ≈ \(format(1 / Double(max(1, counts.languages.count)), 2)))\n"
            let speakerCount = counts.speakers.values.reduce(0) { $0 + $1.count }
            md += "- the same share in the picture for the same speaker: \(format(report.speakerAgreementEmbedded, 3)) "
            md += "(chance ≈ \(format(1 / Double(max(1, speakerCount)), 3))); for the same number: "
            md += "\(format(report.numberAgreementEmbedded, 3)) "
            md += "(chance ≈ \(format(1 / Double(max(1, counts.numbers.count)), 3)))\n\n"
            md += "![UMAP](embedding-umap.svg)\n\n![PCA](embedding-pca.svg)\n\n"
            md += "Coordinates: [embedding.csv](embedding.csv).\n"
        } else {
            md += "Too few readable clips for an embedding.\n"
        }
        return md
    }
}
