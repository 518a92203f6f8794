import Foundation
import SpokenSearch
import SpokenTrain
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// End to end through the `spokend` binary on a corpus made by `spokend corpus generate` (espeak-ng): 3 speakers
/// (the fewest that leave training speakers beside a fold's test and validation ones) of English and German saying
/// 0–3; candidates train for one epoch, so a search of five takes seconds of CPU.
@Suite("search runs", .serialized)
struct SearchRunTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-search-\(UUID())")

    func makeCorpus() throws -> URL {
        let corpus = scratch.appendingPathComponent("corpus")
        let result = try SpokendProcess.run([
            "corpus", "generate", "--out", corpus.path, "--speakers", "3", "--numbers", "0-3", "--languages", "en,de",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        return corpus
    }

    /// A new run directory in `scratch` on a fresh small corpus: 2 candidates at first, all training clips,
    /// `epochs` epochs, no latency limit to speak of.
    func makeRun(epochs: Int) throws -> (RunDirectory, SearchConfig) {
        let directory = RunDirectory(url: scratch.appendingPathComponent("run"))
        let config = SearchConfig(
            task: .number, corpus: try makeCorpus().path, seed: 5, initialPopulation: 2, epochs: epochs,
            trainingShare: 1, constraints: Constraints(maxLatencyMilliseconds: 1000))
        try directory.create(config: config)
        return (directory, config)
    }

    func searchArguments(corpus: URL, run: URL) -> [String] {
        [
            "search", "--task", "number", "--corpus", corpus.path, "--out", run.path, "--initial-population", "3",
            "--population", "2", "--generations", "2", "--epochs", "1", "--training-share", "1", "--workers", "1",
            "--max-latency-ms", "1000", "--seed", "5",
        ]
    }

    @Test("resume after kill -9 loses and repeats no finished evaluation and plans what an uninterrupted run would")
    func resumeAfterKill() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = try makeCorpus()
        let run = scratch.appendingPathComponent("run")
        let process = Process()
        process.executableURL = SpokendProcess.executable
        process.arguments = searchArguments(corpus: corpus, run: run)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Bounded: a search that never reports its first generation is killed, and the read below sees the end.
        let watchdog = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
        var text = ""
        while !text.contains("generation 1/2") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        watchdog.cancel()
        try #require(text.contains("generation 1/2: 3 evaluated"), "\(text)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let directory = RunDirectory(url: run)
        let before = try String(contentsOf: directory.logURL, encoding: .utf8)
        let firstRecords = try directory.records()
        #expect(firstRecords.map(\.id) == ["g000-c000", "g000-c001", "g000-c002"])
        let resultsBefore = try firstRecords.map { try Data(contentsOf: directory.resultURL(id: $0.id)) }

        let resumed = try SpokendProcess.run(["search", "--resume", "--out", run.path, "--workers", "1"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("generation 2/2: 2 evaluated"))
        let after = try String(contentsOf: directory.logURL, encoding: .utf8)
        #expect(after.hasPrefix(before), "the records written before the kill stay as they were")
        let records = try directory.records()
        #expect(records.map(\.id) == ["g000-c000", "g000-c001", "g000-c002", "g001-c000", "g001-c001"])
        #expect(try firstRecords.map { try Data(contentsOf: directory.resultURL(id: $0.id)) } == resultsBefore)

        // Generation 1 as planned is the one the seed and generation 0 give, whoever planned it.
        let config = try directory.readConfig()
        let evolution = Evolution(config: config, profile: try config.deviceProfile())
        #expect(try directory.readPlan(generation: 1) == (try evolution.plan(generation: 1, records: firstRecords)))
        #expect(
            try evolution.plan(generation: 1, records: firstRecords.reversed())
                == (try evolution.plan(generation: 1, records: firstRecords)))

        // The report: a front, a plot, three winners with model cards.
        let svg = try Data(contentsOf: run.appendingPathComponent("pareto.svg"))
        #expect(XMLParser(data: svg).parse(), "pareto.svg is well-formed XML")
        #expect(String(decoding: svg, as: UTF8.self).contains("paper fittest (12.6–13.6%)"))
        let csv = try String(contentsOf: run.appendingPathComponent("pareto.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count >= 2)
        for name in ["fittest", "most-accurate", "fastest"] {
            let model = run.appendingPathComponent("best/\(name).tflite")
            #expect(FileManager.default.fileExists(atPath: model.path))
            let card = try String(contentsOf: run.appendingPathComponent("best/\(name).md"), encoding: .utf8)
            #expect(card.contains("paper fittest: 12.6–13.6%, 9315 parameters"))
        }
        let report = try SpokendProcess.run(["search", "report", run.path])
        #expect(report.status == 0)
        #expect(report.standardOutput.hasPrefix("5 candidates (5 trained)"))

        // A finished search goes on with more generations, as a longer search would have.
        let fewer = try SpokendProcess.run(["search", "--resume", "--out", run.path, "--generations", "1"])
        #expect(fewer.status == 1)
        #expect(fewer.standardError.contains("--generations 1 is fewer than the 2 the search in"))
        let longer = try SpokendProcess.run(["search", "--resume", "--out", run.path, "--generations", "3"])
        #expect(longer.status == 0, "\(longer.standardError)")
        #expect(longer.standardOutput.contains("generation 3/3: 2 evaluated"))
        let extended = try directory.readConfig()
        #expect(extended.generations == 3)
        #expect(
            try directory.readPlan(generation: 2)
                == (try Evolution(config: extended, profile: try extended.deviceProfile()).plan(
                    generation: 2, records: records)))
    }

    @Test("candidates share the run's decoded clips and a front end's features, and a warm cache changes nothing")
    func cacheSharedAcrossCandidates() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (directory, config) = try makeRun(epochs: 1)
        var plan = try Evolution(config: config, profile: try config.deviceProfile()).plan(generation: 0, records: [])
        plan[1].genome.frontEnd = plan[0].genome.frontEnd
        #expect(plan[1].genome != plan[0].genome, "the same front end under another network")
        let evaluator = try CandidateEvaluator(config: config, jobs: 1)

        /// Every cache file with its inode: a file computed again is written anew (renamed into place).
        func cacheFiles() throws -> [String: Int] {
            var files: [String: Int] = [:]
            for folder in ["audio", "features"] {
                let url = directory.cacheURL.appendingPathComponent(folder)
                for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                    let attributes = try FileManager.default.attributesOfItem(
                        atPath: url.appendingPathComponent(name).path)
                    files["\(folder)/\(name)"] = (attributes[.systemFileNumber] as? Int) ?? -1
                }
            }
            return files
        }
        let (first, _) = evaluator.evaluate(plan[0], in: directory)
        #expect(first.status == .ok, "\(first.error ?? "")")
        let afterFirst = try cacheFiles()
        // Training clips, validation clips, degraded validation clips: at one rate, with one front end.
        #expect(afterFirst.keys.filter { $0.hasPrefix("audio/") }.count == 3)
        #expect(afterFirst.keys.filter { $0.hasPrefix("features/") }.count == 3)

        let (warm, warmBytes) = evaluator.evaluate(plan[1], in: directory)
        #expect(warm.status == .ok, "\(warm.error ?? "")")
        #expect(try cacheFiles() == afterFirst, "the second candidate decoded no clip and computed no feature")

        try FileManager.default.removeItem(at: directory.cacheURL)
        let (cold, coldBytes) = evaluator.evaluate(plan[1], in: directory)
        #expect(cold.accuracy == warm.accuracy)
        #expect(cold.floatAccuracy == warm.floatAccuracy)
        #expect(coldBytes == warmBytes, "the same int8 model, cache or no cache")
    }

    @Test("a hopeless candidate stops after its first epoch; any other trains as if there were no such rule")
    func earlyStopping() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (directory, config) = try makeRun(epochs: 2)
        let evaluator = try CandidateEvaluator(config: config, jobs: 1)
        let architecture = try #require(Architecture.preset("tiny"))
        let (free, freeBytes) = try evaluator.score(architecture, id: "a", seed: 7, in: directory)
        let (kept, keptBytes) = try evaluator.score(architecture, id: "a", seed: 7, stopBelow: -1, in: directory)
        let (stopped, _) = try evaluator.score(architecture, id: "a", seed: 7, stopBelow: 1, in: directory)
        #expect(free.epochs == 2)
        #expect(kept.epochs == 2)
        #expect(keptBytes == freeBytes, "looking at the first epoch changes nothing for a candidate that goes on")
        #expect(kept.accuracy == free.accuracy)
        #expect(stopped.epochs == 1)
        #expect(stopped.cost.flashBytes == free.cost.flashBytes, "a stopped candidate is still priced and scored")
    }

    @Test("a hand-designed network is scored with the run's proxy and drawn beside the candidates")
    func baseline() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (directory, _) = try makeRun(epochs: 1)
        let run = directory.url
        let file = scratch.appendingPathComponent("tiny.arch.json")
        try Architecture.preset("tiny")!.json().write(to: file)
        let result = try SpokendProcess.run(["search", "baseline", run.path, "--arch", file.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("tiny: "), "\(result.standardOutput)")
        let baselines = try directory.baselines()
        #expect(baselines.map(\.name) == ["tiny"])
        #expect(baselines.allSatisfy { (0...1).contains($0.score.accuracy) && $0.score.epochs == 1 })
        #expect(
            FileManager.default.fileExists(atPath: directory.baselinesURL.appendingPathComponent("tiny.tflite").path))
        let report = try SpokendProcess.run(["search", "report", run.path])
        #expect(report.status == 0, "\(report.standardError)")
        let svg = try String(contentsOf: run.appendingPathComponent("pareto.svg"), encoding: .utf8)
        #expect(svg.contains("hand-designed, same proxy: tiny"))
    }

    @Test("a worker that dies is recorded as failed with its reason, and the search goes on")
    func crashedWorkerIsRecorded() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = try makeCorpus()
        var config = SearchConfig(
            task: .number, corpus: corpus.path, seed: 9, initialPopulation: 3, population: 2, generations: 2, epochs: 1,
            trainingShare: 1, constraints: Constraints(maxLatencyMilliseconds: 1000))
        config.degraded = false
        let directory = RunDirectory(url: scratch.appendingPathComponent("run"))
        try directory.create(config: config)
        let records = try SearchRun(directory: directory, executor: CrashingFirstTask(), progress: { _ in }).run()
        #expect(records.count == 5)
        let crashed = records.filter { $0.index == 0 }
        #expect(crashed.allSatisfy { $0.status == .failed && $0.error == "worker was killed by signal 9" })
        #expect(records.filter { $0.index != 0 }.allSatisfy { $0.status == .ok && $0.accuracy != nil })
    }

    @Test("the local executor reports a worker that exits without a result")
    func localExecutorReportsCrash() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let directory = RunDirectory(url: scratch)
        let genome = GenomeSpace().normalized(
            Genome(
                frontEnd: FrontEndGene(sampleRate: 8000, nFFT: 256, hop: 128, mels: 20, fmax: 4000),
                blocks: [BlockGene(kind: .conv2d, filters: 8, kernel: [3, 3])], head: .globalAverage, dense: []))
        let cost = CandidateCost(
            parameters: 1, modelBytes: 1, flashBytes: 1, arenaBytes: 1, inferenceCycles: 1, latencyMilliseconds: 1,
            energyMicrojoules: 1)
        let tasks = (0..<3).map { PlannedCandidate(generation: 0, index: $0, genome: genome, cost: cost) }
        let failures = try LocalExecutor(command: WorkerCommand(executable: "/bin/false"), workers: 2)
            .run(generation: 0, tasks: tasks, in: directory)
        #expect(failures.keys.sorted() == ["g000-c000", "g000-c001", "g000-c002"])
        #expect(failures.values.allSatisfy { $0.hasPrefix("worker exited with status 1 without a result") })
    }

    @Test("an invalid config is one message before any work")
    func invalidConfig() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = scratch.appendingPathComponent("run")
        let result = try SpokendProcess.run([
            "search", "--corpus", scratch.path, "--out", run.path, "--population", "1",
        ])
        #expect(result.status == 1)
        #expect(result.standardError == "spokend: search config: population must be at least 2, got 1\n")
        #expect(!FileManager.default.fileExists(atPath: run.path))
    }

    @Test("a Slurm that is not there is a message naming what was looked for")
    func missingSlurm() throws {
        #expect {
            try SlurmExecutor(command: WorkerCommand(executable: "/bin/true"), cpusPerTask: 1, path: "/nonexistent")
        } throws: { error in
            "\(error)".hasPrefix("slurm executor: sbatch not found on PATH (/nonexistent)")
        }
    }
}

/// Evaluates in this process, except that task 0 of every generation "crashes" as a killed worker would.
private struct CrashingFirstTask: SearchExecutor {
    var name: String { "in-process" }

    func run(generation: Int, tasks: [PlannedCandidate], in run: RunDirectory) throws(SearchError) -> [String: String] {
        var failures: [String: String] = [:]
        do {
            let evaluator = try CandidateEvaluator(config: try run.readConfig(), jobs: 1)
            for task in tasks {
                guard task.index != 0 else {
                    failures[task.id] = "worker was killed by signal 9"
                    continue
                }
                let (record, bytes) = evaluator.evaluate(task, in: run)
                if let bytes { try run.writeModel(bytes, id: task.id) }
                try run.writeResult(record)
            }
        } catch {
            throw SearchError(.evaluation, "\(error)")
        }
        return failures
    }
}
