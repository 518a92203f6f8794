// swift-tools-version: 6.1
import PackageDescription

/// Release builds of the interpreter and the training engine target the CPU that builds them, as `-march=native`
/// would: their kernels are portable Swift SIMD and loops, which LLVM turns into AVX2 or AVX-512 (VNNI) code only
/// when it may. For a binary that must run
/// on other machines, name their LLVM CPU: `SPOKEND_TARGET_CPU=x86-64 swift build -c release`.
let targetCPU = Context.environment["SPOKEND_TARGET_CPU"] ?? "native"

/// LLVM's tuning for AVX-512 CPUs prefers 256-bit vectors (older Xeons slowed their clock for 512-bit ones); the
/// training engine's loops run faster with the whole register, so it drops that preference. Each element still sees
/// the same operations in the same order, so the values do not change; a CPU without AVX-512 is unaffected, and
/// other architectures (which have no such feature) are not given it.
#if arch(x86_64)
    let wideVectors = ["-Xcc", "-Xclang", "-Xcc", "-target-feature", "-Xcc", "-Xclang", "-Xcc", "-prefer-256-bit"]
#else
    let wideVectors: [String] = []
#endif

/// spokend: one package, one binary. The module map is in DESIGN.md; arrows point down this list only.
let package = Package(
    name: "spokend",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spokend", targets: ["spokend"]),
        .library(name: "SpokenDSP", targets: ["SpokenDSP"]),
        .library(name: "SpokenAudio", targets: ["SpokenAudio"]),
        .library(name: "SpokenNN", targets: ["SpokenNN"]),
        .library(name: "SpokenCorpus", targets: ["SpokenCorpus"]),
        .library(name: "SpokenRecognition", targets: ["SpokenRecognition"]),
        .library(name: "SpokenTrain", targets: ["SpokenTrain"]),
        .library(name: "SpokenSearch", targets: ["SpokenSearch"]),
        .library(name: "SpokenDaemon", targets: ["SpokenDaemon"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(
            name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        .target(name: "SpokenDSP", dependencies: ["CFFTW"]),
        .target(name: "SpokenAudio", dependencies: ["CALSA", "SpokenDSP"]),
        .target(
            name: "SpokenNN", swiftSettings: [.unsafeFlags(["-target-cpu", targetCPU], .when(configuration: .release))]),
        .target(name: "SpokenCorpus", dependencies: ["CEspeakNG", "SpokenAudio", "SpokenDSP"]),
        .target(name: "SpokenRecognition", dependencies: ["SpokenDSP", "SpokenNN"]),
        .target(
            name: "SpokenTrain",
            dependencies: ["COpenBLAS", "SpokenNN", "SpokenRecognition", "SpokenCorpus", "SpokenAudio", "SpokenDSP"],
            swiftSettings: [
                .unsafeFlags(["-target-cpu", targetCPU] + wideVectors, .when(configuration: .release))
            ]),
        .target(
            name: "SpokenSearch",
            dependencies: [
                "SpokenTrain", "SpokenRecognition", "SpokenNN", "SpokenCorpus", "SpokenAudio", "SpokenDSP",
            ]),
        .target(
            name: "SpokenDaemon",
            dependencies: [
                "SpokenAudio", "SpokenDSP", "SpokenNN", "SpokenRecognition", "CSystemd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "spokend",
            dependencies: [
                "SpokenDSP", "SpokenAudio", "SpokenNN", "SpokenCorpus", "SpokenRecognition", "SpokenTrain",
                "SpokenSearch", "SpokenDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "spokendTests",
            dependencies: [
                "spokend", "SpokenAudio", "SpokenCorpus", "SpokenDSP", "SpokenNN", "SpokenRecognition", "SpokenTrain",
                "TestSupport",
            ]),
        .testTarget(
            name: "SpokenAudioTests", dependencies: ["SpokenAudio", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SpokenDSPTests", dependencies: ["SpokenDSP", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SpokenDaemonTests",
            dependencies: [
                "SpokenDaemon", "SpokenAudio", "SpokenDSP", "SpokenNN", "SpokenRecognition", "TestSupport",
            ]),
        .testTarget(name: "SpokenCorpusTests", dependencies: ["SpokenCorpus", "TestSupport"]),
        .testTarget(
            name: "SpokenRecognitionTests",
            dependencies: ["SpokenRecognition", "SpokenNN", "SpokenAudio", "TestSupport"]),
        .testTarget(
            name: "SpokenTrainTests",
            dependencies: [
                "SpokenTrain", "SpokenRecognition", "SpokenNN", "SpokenDSP", "SpokenCorpus", "SpokenAudio",
                "TestSupport",
            ]),
        .testTarget(
            name: "SpokenSearchTests",
            dependencies: ["spokend", "SpokenSearch", "SpokenTrain", "SpokenCorpus", "SpokenDSP", "TestSupport"]),
        .testTarget(
            name: "SpokenNNTests", dependencies: ["SpokenNN", "TestSupport"], resources: [.copy("Fixtures")]),
    ]
)
