/// The compiler optimisation level of the device build.
///
/// Zephyr (and so the nRF Connect SDK) builds with `-Os` by default (`CONFIG_SIZE_OPTIMIZATIONS`); TFLM's own
/// Makefile and the MLPerf Tiny submissions use `-O2`/`-O3`. The TFLM reference kernels lean on the compiler to
/// inline `Offset()` and the fixed-point helpers and to strength-reduce their index arithmetic, so they lose several
/// times at `-Os`; CMSIS-NN's inner loops are hand-unrolled intrinsics and lose little. `CycleCoefficients` holds
/// one slowdown factor per flavour for `-Os`.
public enum OptimizationLevel: String, Codable, Sendable, CaseIterable {
    case size = "-Os"
    case speed = "-O2"
}
