import Benchmark
import Foundation
import SpokenNN

/// Per-invoke time of the SpokenNN interpreter (TFLM-bit-exact int8 kernels) on the MLPerf Tiny DS-CNN and an
/// EvoNAS-size model, the fixtures tflite-micro checked, and its allocations (none). The comparison with TFLite's
/// own interpreter on the same models (issue 4 §9: at least 10x faster than its BUILTIN_REF kernels, within 2x of
/// its default ones) is `make bench-nn`, which times both in one run and prints the ratios. On a busy machine
/// compare the low percentiles (p0, p25).
let benchmarks: @Sendable () -> Void = {
    let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/SpokenNNTests/Fixtures")
    for name in ["dscnn_kws", "evonas_like"] {
        let model = try! ModelReader.read(contentsOf: fixtures.appendingPathComponent("\(name).tflite").path)
        let interpreter = try! Interpreter(model: model, arenaSize: 4 << 20)
        let count = interpreter.tensorData(interpreter.inputs[0]).count
        try! interpreter.setInput((0..<count).map { Int8(truncatingIfNeeded: $0 &* 37) })

        Benchmark(
            "Interpreter invoke, \(name)",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 20000)
        ) { _ in
            interpreter.invoke()
        }
    }
}
