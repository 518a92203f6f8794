import Foundation
import SpokenDSP

/// A search's folder, the only state a search has: kill it at any moment and `--resume` continues from here.
///
/// ```
/// RUN/config.json              the SearchConfig
/// RUN/generations/g003.json    the candidates planned for generation 3 (written before any of them runs)
/// RUN/results/g003-c017.json   one worker's result, written atomically (temporary file, fsync, rename)
/// RUN/candidates.jsonl         every result, one JSON line each, appended with fsync: the search's record
/// RUN/models/g003-c017.tflite  each trained candidate's int8 model
/// RUN/logs/                    workers' standard error (local) or Slurm's output files
/// ```
///
/// Workers write only their own result file, never the shared log, so many processes on many nodes (a Slurm array
/// on a shared file system, where appends from several hosts are not atomic) never interleave. The coordinator
/// appends results to `candidates.jsonl` in id order; on resume it also takes results that reached `results/` but
/// not the log, so an evaluation that finished is never lost or repeated.
public struct RunDirectory: Sendable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public var configURL: URL { url.appendingPathComponent("config.json") }
    public var logURL: URL { url.appendingPathComponent("candidates.jsonl") }
    public var logsURL: URL { url.appendingPathComponent("logs") }

    public func planURL(generation: Int) -> URL {
        url.appendingPathComponent(
            "generations/\(PlannedCandidate.id(generation: generation, index: 0).prefix(4)).json")
    }

    public func resultURL(id: String) -> URL { url.appendingPathComponent("results/\(id).json") }
    public func modelURL(id: String) -> URL { url.appendingPathComponent("models/\(id).tflite") }

    // MARK: - Config

    /// Creates the folder for a new search with `config`; refuses a folder that already holds a search.
    public func create(config: SearchConfig) throws(SearchError) {
        guard !FileManager.default.fileExists(atPath: configURL.path) else {
            throw SearchError(
                .runDirectory, "\(url.path) already holds a search: use --resume to continue it, or another --out")
        }
        for folder in ["generations", "results", "models", "logs"] {
            try make(url.appendingPathComponent(folder))
        }
        try Self.writeAtomically(Self.encode(config, pretty: true), to: configURL)
    }

    public func readConfig() throws(SearchError) -> SearchConfig {
        try Self.decode(SearchConfig.self, from: configURL, what: "search config")
    }

    // MARK: - Plans

    public func writePlan(_ plan: [PlannedCandidate], generation: Int) throws(SearchError) {
        try Self.writeAtomically(Self.encode(plan, pretty: true), to: planURL(generation: generation))
    }

    /// The plan of `generation`, or nil when it has not been made yet.
    public func readPlan(generation: Int) throws(SearchError) -> [PlannedCandidate]? {
        guard FileManager.default.fileExists(atPath: planURL(generation: generation).path) else { return nil }
        return try Self.decode([PlannedCandidate].self, from: planURL(generation: generation), what: "plan")
    }

    // MARK: - Results

    /// Writes one candidate's result where the coordinator will find it.
    public func writeResult(_ record: CandidateRecord) throws(SearchError) {
        try Self.writeAtomically(Self.encode(record, pretty: false), to: resultURL(id: record.id))
    }

    /// Writes a candidate's int8 model.
    public func writeModel(_ bytes: [UInt8], id: String) throws(SearchError) {
        try Self.writeAtomically(Data(bytes), to: modelURL(id: id))
    }

    /// The result file of `id`, or nil when there is none (or it does not parse: a worker killed mid-rename leaves
    /// no such file, so a damaged one is treated as missing and the candidate runs again).
    public func readResult(id: String) -> CandidateRecord? {
        guard let data = try? Data(contentsOf: resultURL(id: id)) else { return nil }
        return try? JSONDecoder().decode(CandidateRecord.self, from: data)
    }

    /// Every record of `candidates.jsonl`, in file order. A last line cut short by a kill is ignored (its result
    /// file is still there and is taken again).
    public func records() throws(SearchError) -> [CandidateRecord] {
        guard let data = try? Data(contentsOf: logURL) else { return [] }
        var records: [CandidateRecord] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? JSONDecoder().decode(CandidateRecord.self, from: line) else { continue }
            records.append(record)
        }
        return records
    }

    /// Appends `records` to `candidates.jsonl` and forces them to disk before returning.
    public func append(_ records: [CandidateRecord]) throws(SearchError) {
        guard !records.isEmpty else { return }
        var bytes = Data()
        for record in records { bytes += Self.encode(record, pretty: false) + Data("\n".utf8) }
        let descriptor = open(logURL.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SearchError(.runDirectory, "cannot open \(logURL.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw SearchError(.runDirectory, "cannot append to \(logURL.path): \(String(cString: strerror(errno)))")
        }
    }

    // MARK: - Files

    private func make(_ folder: URL) throws(SearchError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SearchError(.runDirectory, "cannot create \(folder.path): \(error.localizedDescription)")
        }
    }

    static func encode<T: Encodable>(_ value: T, pretty: Bool) -> Data {
        StableJSON.encode(value, formatting: pretty ? .prettyPrinted : [])
    }

    static func decode<T: Decodable>(_ type: T.Type, from url: URL, what: String) throws(SearchError) -> T {
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try decoder.decode(T.self, from: Data(contentsOf: url))
        } catch {
            throw SearchError(.runDirectory, "\(what) \(url.path) cannot be read: \(error.localizedDescription)")
        }
    }

    /// Writes `data` to a temporary file beside `url`, forces it to disk and renames it into place, so a reader
    /// sees the old file or the whole new one.
    static func writeAtomically(_ data: Data, to url: URL) throws(SearchError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SearchError(.runDirectory, "cannot write \(temporary.path): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary.path, url.path) == 0 else {
            throw SearchError(.runDirectory, "cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
