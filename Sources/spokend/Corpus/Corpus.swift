import ArgumentParser

/// `spokend corpus`: make, import and describe the corpora spokend trains on.
struct Corpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a SpokeN-100-style corpus with espeak-ng, import the real one, describe one.",
        discussion: """
            A corpus is DIR/<language>/<speaker>/<number>.wav (16-bit mono), DIR/manifest.csv (one row per clip: \
            path, language, number, speaker, duration, F0, voice settings) and DIR/folds.json (8 speaker folds, \
            each with test and validation speakers).

            Examples:
              spokend corpus generate --out corpus
              spokend corpus import ~/Downloads/SpokeN-100 --out spoken100
              spokend corpus report corpus --out corpus-report
              spokend corpus degrade corpus --fold 0 --out degraded
              spokend help corpus generate
            """,
        subcommands: [
            CorpusDegrade.self,
            CorpusGenerate.self,
            CorpusImport.self,
            CorpusReport.self,
            CorpusWorker.self,
        ])
}
