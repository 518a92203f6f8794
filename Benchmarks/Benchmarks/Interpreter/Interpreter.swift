import Benchmark
import Foundation
import SpokenNN

/// Per-invoke time of the SpokenNN interpreter (TFLM-bit-exact int8 kernels) on the MLPerf Tiny DS-CNN and an
/// EvoNAS-size model, the fixtures tflite-micro checked. Compare with TFLite's own interpreter on the same machine:
/// `.venv/bin/python3 Scripts/bench_litert.py Tests/SpokenNNTests/Fixtures/{dscnn_kws,evonas_like}.tflite`
/// (BUILTIN_REF and default kernels, one thread, thread CPU time). Goals (issue 4 §9): at least 10x faster than
/// BUILTIN_REF, within 2x of the default kernels. On a busy machine compare the low percentiles (p0, p25).
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
