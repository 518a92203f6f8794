// swift-tools-version: 6.1
import PackageDescription

/// spokend's benchmarks, a package of their own so that the main build and `make test` never fetch or build
/// ordo-one/benchmark. Run with `make bench` (or `swift package benchmark` here). On Swift 6.3 the
/// `MallocInterposer` trait counts allocations without jemalloc, so nothing needs installing.
let package = Package(
    name: "spokend-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "spokend", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "BenchmarkSupport", dependencies: [.product(name: "Benchmark", package: "benchmark")]),
        // Not a Benchmark-plugin target: `make bench-train` runs it beside Keras (Scripts/bench_train.py).
        .executableTarget(
            name: "TrainSpeed",
            dependencies: [
                .product(name: "SpokenTrain", package: "spokend"), .product(name: "SpokenNN", package: "spokend"),
            ],
            path: "Sources/TrainSpeed"),
    ] + ["Resampler", "FrontEnd", "Segmenter"].map { benchmarkTarget($0) } + [
        benchmarkTarget("Interpreter", products: ["SpokenNN"]),
        benchmarkTarget(
            "Pipeline",
            products: ["SpokenDaemon", "SpokenAudio", "SpokenCorpus", "SpokenRecognition", "SpokenNN", "SpokenDSP"]),
    ]
)

/// One benchmark executable in `Benchmarks/<name>/`, where the benchmark plugin discovers it.
func benchmarkTarget(_ name: String, products: [String] = ["SpokenDSP"]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            "BenchmarkSupport",
            .product(name: "Benchmark", package: "benchmark"),
        ] + products.map { .product(name: $0, package: "spokend") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
}
