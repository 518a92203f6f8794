// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for spokend's parsers of untrusted bytes. A nested package, so the main build never sees
/// `-sanitize=fuzzer`. Each parser is one executable target (`fuzz-<name>`) on the shared `FuzzDriver`, with its
/// seed corpus in `Corpus/<name>/`; `make fuzz` builds and runs them all for a bounded time.
///
///     swift build -c release --product fuzz-wav -Xswiftc -sanitize=fuzzer,address \
///         -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
///     .build/release/fuzz-wav Corpus/wav -max_total_time=60
let package = Package(
    name: "spokend-fuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fuzz-wav", targets: ["fuzz-wav"]),
        .executable(name: "fuzz-npy", targets: ["fuzz-npy"]),
        .executable(name: "fuzz-model", targets: ["fuzz-model"]),
    ],
    dependencies: [
        .package(name: "spokend", path: "..")
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "fuzz-wav",
            dependencies: ["FuzzDriver", .product(name: "SpokenAudio", package: "spokend")]),
        .executableTarget(
            name: "fuzz-model",
            dependencies: ["FuzzDriver", .product(name: "SpokenNN", package: "spokend")]),
        .executableTarget(
            name: "fuzz-npy",
            dependencies: ["FuzzDriver", .product(name: "SpokenNN", package: "spokend")]),
    ]
)
