import Foundation
import SpokenDSP
import SpokenTrain

/// `train-speed`: forward + backward samples per second of spokend's training engine on synthetic features, the
/// spokend half of `make bench-train` (Scripts/bench_train.py runs Keras on the same architecture beside it); with
/// `--corpus`, accuracy and speed on the clean cached features of a real corpus's fold (`CorpusAccuracy`).
///
///     train-speed tiny --classes 100 --batch 64 --threads 2 --examples 2048 --epochs 3
///     train-speed --architecture cnn2d        # the preset as JSON, for the Keras side
///     train-speed dscnn --corpus /work/corpus --task number --split voices --fold 0 --epochs 10 --threads 1 \
///         --export /tmp/fold0-number          # also writes the fold's features and labels as .npy for Keras
///
/// Prints one JSON object: the epochs' wall-clock and CPU seconds, and samples per second of each over all epochs but
/// the first (warm-up). On a machine shared with other work, samples per CPU-second is the steadier figure.
@main
struct TrainSpeed {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func text(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            defer { arguments.removeSubrange(index...(index + 1)) }
            return arguments[index + 1]
        }
        func option(_ name: String, _ fallback: Int) -> Int {
            text(name).flatMap { Int($0) } ?? fallback
        }
        if let index = arguments.firstIndex(of: "--architecture"), index + 1 < arguments.count {
            let architecture = try load(arguments[index + 1])
            FileHandle.standardOutput.write(architecture.json(pretty: false))
            print()
            return
        }
        let classes = option("--classes", 100)
        let epochs = max(2, option("--epochs", 3))
        let corpus = text("--corpus")
        var options = TrainingOptions(
            epochs: epochs, batchSize: option("--batch", 64), seed: 1, threads: option("--threads", 2))
        let examples = option("--examples", 2048)
        let task = text("--task").flatMap(TrainingTask.init(rawValue:))
        let split = SplitScheme(rawValue: text("--split") ?? SplitScheme.voices.rawValue)
        let fold = option("--fold", 0)
        let export = text("--export").map { URL(fileURLWithPath: $0) }
        // A corpus run trains with `spokend train`'s default seed unless told otherwise.
        options.seed = UInt64(option("--seed", corpus == nil ? 1 : 0))
        if let rate = text("--learning-rate").flatMap(Double.init) { options.learningRate = rate }
        guard let name = arguments.first, corpus == nil || (task != nil && split != nil) else {
            print("usage: train-speed PRESET|FILE.json [--classes N] [--batch B] [--threads T] [--examples N]")
            print("                   [--epochs E (≥ 2)]")
            print("       train-speed PRESET|FILE.json --corpus DIR --task language|number [--split voices|speakers]")
            print("                   [--fold K] [--seed S] [--batch B] [--threads T] [--epochs E] [--export DIR]")
            print("                   [--learning-rate R]")
            exit(2)
        }
        let architecture = try load(name)
        if let corpus, let task, let split {
            let run = CorpusAccuracy(
                corpus: URL(fileURLWithPath: corpus), task: task, split: split, fold: fold, architectureName: name,
                architecture: architecture, options: options, export: export)
            try printJSON(try run.run())
            return
        }
        let shape = architecture.inputShape
        var random = SplitMix64(seed: 3)
        let values = (0..<(examples * shape[0] * shape[1])).map { _ in Float(random.next() >> 40) * 0x1p-24 - 0.5 }
        let labels = (0..<examples).map { $0 % classes }
        let data = LabeledFeatures(
            frames: shape[0], mels: shape[1], values: values, labels: labels, speakers: labels.map(String.init))
        let trainer = try Trainer(architecture: architecture, classes: classes, options: options)
        var seconds: [Double] = []
        var cpuSeconds: [Double] = []
        for epoch in 0..<options.epochs {
            let epochTime = try timed { try trainer.trainEpoch(data, epoch: epoch) }
            seconds.append(epochTime.seconds)
            cpuSeconds.append(epochTime.cpuSeconds)
        }
        let timed = seconds.dropFirst()
        let timedCPU = cpuSeconds.dropFirst()
        let result: [String: Any] = [
            "architecture": name, "parameters": trainer.parameterCount, "batch": options.batchSize,
            "threads": options.threads, "examples": examples, "epoch_seconds": seconds,
            "samples_per_second": Double(examples * timed.count) / timed.reduce(0, +),
            "samples_per_cpu_second": Double(examples * timedCPU.count) / timedCPU.reduce(0, +),
        ]
        try printJSON(result)
    }

    /// Prints `object` as one line of JSON with sorted keys.
    static func printJSON(_ object: [String: Any]) throws {
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    /// What `body` returns, with the wall-clock and CPU seconds it took.
    static func timed<Result>(_ body: () throws -> Result) rethrows -> (
        result: Result, seconds: Double, cpuSeconds: Double
    ) {
        let start = ContinuousClock.now
        let cpuStart = processorSeconds()
        let result = try body()
        let elapsed = ContinuousClock.now - start
        return (
            result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            processorSeconds() - cpuStart
        )
    }

    /// User and system time of all the process's threads so far: on a shared machine, what the run itself cost.
    private static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func load(_ name: String) throws -> Architecture {
        if let preset = Architecture.preset(name) { return preset }
        return try Architecture.decode(json: Data(contentsOf: URL(fileURLWithPath: name)))
    }
}
