/// Where a model came from: the `spokend.provenance` metadata entry, JSON with snake_case keys.
///
/// Every field is optional, so a model made elsewhere (or by an older spokend) still loads; what is there is shown
/// by `spokend inspect` and the model cards, so a figure can be traced back to the data and run that made it.
///
/// ```json
/// {"corpus": "corpus/espeak-v1", "fold": 0, "folds": 8, "search_run": "runs/evonas-1", "candidate": "g12-c7",
///  "seed": 1, "architecture": "dscnn"}
/// ```
public struct Provenance: Codable, Sendable, Equatable {
    /// The corpus folder (or its name) the model was trained on.
    public var corpus: String?
    /// The speaker fold whose test speakers were held out, and how many folds there were.
    public var fold: Int?
    public var folds: Int?
    /// The architecture search run and the candidate id within it, when the model came from a search.
    public var searchRun: String?
    public var candidate: String?
    /// The training seed.
    public var seed: UInt64?
    /// The architecture preset name or spec file.
    public var architecture: String?

    public init(
        corpus: String? = nil, fold: Int? = nil, folds: Int? = nil, searchRun: String? = nil,
        candidate: String? = nil, seed: UInt64? = nil, architecture: String? = nil
    ) {
        self.corpus = corpus
        self.fold = fold
        self.folds = folds
        self.searchRun = searchRun
        self.candidate = candidate
        self.seed = seed
        self.architecture = architecture
    }

    private enum CodingKeys: String, CodingKey {
        case corpus, fold, folds
        case searchRun = "search_run"
        case candidate, seed, architecture
    }
}
