// swift-tools-version: 6.1
import PackageDescription

/// Release builds of the interpreter and the training engine target the CPU that builds them, as `-march=native` would: its kernels are
/// portable Swift SIMD, which LLVM turns into AVX2 or AVX-512 VNNI code only when it may. For a binary that must run
/// on other machines, name their LLVM CPU: `SPOKEND_TARGET_CPU=x86-64 swift build -c release`.
let targetCPU = Context.environment["SPOKEND_TARGET_CPU"] ?? "native"

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
        .library(name: "SpokenTrain", targets: ["SpokenTrain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        .target(name: "SpokenDSP", dependencies: ["CFFTW"]),
        .target(name: "SpokenAudio", dependencies: ["SpokenDSP"]),
        .target(
            name: "SpokenNN", swiftSettings: [.unsafeFlags(["-target-cpu", targetCPU], .when(configuration: .release))]),
        .target(name: "SpokenCorpus", dependencies: ["CEspeakNG", "SpokenAudio", "SpokenDSP"]),
        .target(
            name: "SpokenTrain", dependencies: ["COpenBLAS", "SpokenNN", "SpokenCorpus", "SpokenAudio", "SpokenDSP"],
            swiftSettings: [.unsafeFlags(["-target-cpu", targetCPU], .when(configuration: .release))]),
        .executableTarget(
            name: "spokend",
            dependencies: [
                "SpokenDSP", "SpokenAudio", "SpokenNN", "SpokenCorpus", "SpokenTrain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "spokendTests", dependencies: ["spokend", "SpokenAudio", "SpokenNN", "TestSupport"]),
        .testTarget(
            name: "SpokenAudioTests", dependencies: ["SpokenAudio", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SpokenDSPTests", dependencies: ["SpokenDSP", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SpokenCorpusTests", dependencies: ["SpokenCorpus", "TestSupport"]),
        .testTarget(
            name: "SpokenNNTests", dependencies: ["SpokenNN", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SpokenTrainTests", dependencies: ["SpokenTrain", "SpokenDSP", "TestSupport"]),
    ]
)
