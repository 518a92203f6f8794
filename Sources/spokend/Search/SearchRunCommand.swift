import ArgumentParser
import Foundation
import SpokenSearch
import SpokenTrain

/// `spokend search run` (the default of `spokend search`): starts or resumes a search.
struct SearchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a search in --out, or continue it with --resume (the default of spokend search).")

    @Option(help: "What the models answer: number or language.")
    var task: TrainingTask = .number

    @Option(help: "The corpus folder (spokend corpus generate).")
    var corpus: String?

    @Option(help: "The run directory.")
    var out: String

    @Flag(
        help: """
            Continue the search in --out (its config.json decides; the other search options are ignored, except \
            --generations, which may let a finished search go on).
            """)
    var resume = false

    @Flag(help: "A first look within 30 minutes on 2 cores: 12 then 8 candidates, 3 generations, 2 epochs, 10%.")
    var quick = false

    @Option(help: "Candidates per generation after the first (default 100; the first has 3× as many).")
    var population: Int?

    @Option(help: "Candidates in the first generation (default 3 × --population, 300).")
    var initialPopulation: Int?

    @Option(help: "Generations (default 25; with --resume, more than the search has lets it go on).")
    var generations: Int?

    @Option(help: "Training epochs per candidate (default 3).")
    var epochs: Int?

    @Option(help: "Share of the fold's training clips each candidate trains on, 0–1 (default 0.25).")
    var trainingShare: Double?

    @Option(help: "fitness (the paper's scalar fitness) or nsga2 (accuracy vs latency vs flash).")
    var mode: SearchConfig.Mode = .fitness

    @Option(help: "Seed of everything random in the search.")
    var seed: UInt64 = 1

    @Option(help: "Fold of the held-out-voice split whose validation speakers score candidates.")
    var fold = 0

    @Flag(help: "Score on clean validation clips only (default: clean and degraded).")
    var noDegraded = false

    @Option(help: "Fitness weights of accuracy, flash and energy, comma-separated.")
    var weights = "0.6,0.2,0.2"

    @Option(help: "Largest TFLM arena in bytes (default 65536).")
    var maxArena = 64 << 10

    @Option(help: "Largest flash (model + interpreter code) in bytes (default 131072).")
    var maxFlash = 128 << 10

    @Option(help: "Longest latency after the end of speech, ms (default 30).")
    var maxLatencyMs = 30.0

    @Option(help: "Device profile: nrf52840, cortex-m4, or a JSON file.")
    var profile = "nrf52840"

    @Option(help: "local or slurm.")
    var executor = "local"

    @Option(help: "Local worker processes at once (default: the number of cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditionalSingleValue, help: "An extra sbatch option, as it is (repeatable).")
    var sbatchOption: [String] = []

    func validate() throws {
        guard ["local", "slurm"].contains(executor) else {
            throw ValidationError("--executor must be local or slurm, not '\(executor)'")
        }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        if !resume, corpus == nil { throw ValidationError("--corpus is needed to start a search") }
    }

    func run() throws {
        let directory = RunDirectory(url: URL(fileURLWithPath: out))
        if !resume {
            let config = try makeConfig()
            try SearchRun.check(config)
            try directory.create(config: config)
        } else if let generations {
            try directory.extend(generations: generations)
        }
        let command = WorkerCommand(executable: CorpusWorker.executablePath)
        let config = try directory.readConfig()
        let chosen: any SearchExecutor =
            executor == "slurm"
            ? try SlurmExecutor(
                command: command, cpusPerTask: config.threads, sbatchOptions: sbatchOption, status: Self.say)
            : LocalExecutor(command: command, workers: workers)
        let search = try SearchRun(directory: directory, executor: chosen, progress: Self.say)
        Self.say(
            "search \(out): \(config.task.rawValue), \(config.mode.rawValue), \(config.initialPopulation) then "
                + "\(config.population) × \(config.generations - 1) generations, \(config.epochs) epochs on "
                + "\(Int(config.trainingShare * 100))% of the training clips, executor \(chosen.name)")
        let records = try search.run()
        let trained = records.filter { $0.status == .ok }.count
        Self.say(
            "done: \(records.count) candidates (\(trained) trained); see \(out)/pareto.svg, \(out)/pareto.csv, "
                + "\(out)/best/")
    }

    /// Writes a progress line at once, also into a pipe or a log file (`| tee`), where `print` would buffer it.
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func makeConfig() throws -> SearchConfig {
        let parts = weights.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let a = parts[0], let f = parts[1], let e = parts[2] else {
            throw ValidationError("--weights must be three numbers, accuracy,flash,energy: not '\(weights)'")
        }
        var config = SearchConfig(
            task: task, corpus: URL(fileURLWithPath: corpus!).standardizedFileURL.path, seed: seed, mode: mode,
            fold: fold, degraded: !noDegraded,
            fitness: Fitness(accuracyWeight: a, flashWeight: f, energyWeight: e),
            constraints: Constraints(
                maxArenaBytes: maxArena, maxFlashBytes: maxFlash, maxLatencyMilliseconds: maxLatencyMs),
            profile: profile)
        if quick { config.makeQuick() }
        if let population {
            config.population = population
            config.initialPopulation = 3 * population
        }
        if let initialPopulation { config.initialPopulation = initialPopulation }
        if let generations { config.generations = generations }
        if let epochs { config.epochs = epochs }
        if let trainingShare { config.trainingShare = trainingShare }
        return config
    }
}

extension SearchConfig.Mode: ExpressibleByArgument {}
