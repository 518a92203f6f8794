import SpokenNN
import Testing

/// What MLPerf Tiny measured on its reference board, the NUCLEO-L4R5ZI (STM32L4R5, Cortex-M4F at 120 MHz), for one
/// benchmark with one kernel flavour.
///
/// Sources (each file's "Median throughput is … inf./sec."):
/// - CMSIS-NN: MLPerf Tiny v1.0, closed division, OctoML's microTVM with CMSIS-NN kernels, Zephyr at `-O2`
///   (`CONFIG_SPEED_OPTIMIZATIONS`): mlcommons/tiny_results_v1.0
///   `closed/OctoML/results/microtvm_cmsis_nn/NUCLEO_L4R5ZI/{kws,ic,vww,ad}/performance/results.txt`.
/// - reference kernels: v1.0 has no TFLM reference-kernel submission on this board; the MLPerf Tiny reference
///   submission (TFLM v2.3.1, Mbed OS, GCC 6) is in v0.5: mlcommons/tiny_results_v0.5
///   `closed/reference/results/Nucleo-L4R5ZI/{kws,ic,vww,ad}/performance/results.txt`.
struct PublishedLatency: Sendable, CustomStringConvertible {
    let fixture: String
    let flavor: KernelFlavor
    let inferencesPerSecond: Double
    let source: String
    /// The largest relative error the cycle model is held to: 2% on the DS-CNN it is fitted to, the stated
    /// out-of-sample bound on the others.
    let bound: Double

    var milliseconds: Double { 1000 / inferencesPerSecond }
    var description: String { "\(fixture), \(flavor.rawValue)" }

    static let v1OctoML = "MLPerf Tiny v1.0 closed/OctoML microtvm_cmsis_nn NUCLEO_L4R5ZI"
    static let v05Reference = "MLPerf Tiny v0.5 closed/reference (TFLM v2.3.1) Nucleo-L4R5ZI"

    static let all: [PublishedLatency] = [
        PublishedLatency(
            fixture: "dscnn_kws", flavor: .cmsisNN, inferencesPerSecond: 10.019, source: v1OctoML, bound: 0.02),
        PublishedLatency(
            fixture: "mlperf/resnet8_ic", flavor: .cmsisNN, inferencesPerSecond: 2.567, source: v1OctoML, bound: 0.1),
        PublishedLatency(
            fixture: "mlperf/mobilenet_vww", flavor: .cmsisNN, inferencesPerSecond: 3.320, source: v1OctoML, bound: 0.1
        ),
        PublishedLatency(
            fixture: "mlperf/fc_autoencoder_ad", flavor: .cmsisNN, inferencesPerSecond: 116.212, source: v1OctoML,
            bound: 0.1),
        PublishedLatency(
            fixture: "dscnn_kws", flavor: .reference, inferencesPerSecond: 5.497, source: v05Reference, bound: 0.02),
        PublishedLatency(
            fixture: "mlperf/resnet8_ic", flavor: .reference, inferencesPerSecond: 1.420, source: v05Reference,
            bound: 0.25),
        PublishedLatency(
            fixture: "mlperf/mobilenet_vww", flavor: .reference, inferencesPerSecond: 1.665, source: v05Reference,
            bound: 0.25),
        PublishedLatency(
            fixture: "mlperf/fc_autoencoder_ad", flavor: .reference, inferencesPerSecond: 99.487,
            source: v05Reference, bound: 0.25),
    ]
}

@Suite("Cycle model against MLPerf Tiny, fitted on the DS-CNN only")
struct MLPerfTinyOutOfSampleTests {
    /// The model's latency for `published` on a bare Cortex-M4 at 120 MHz built at `-O2` (OctoML's build; the v0.5
    /// reference submission does not state its level).
    static func predicted(_ published: PublishedLatency) throws -> Double {
        var profile = DeviceProfile.cortexM4(clockHz: 120_000_000)
        profile.flavor = published.flavor
        profile.optimization = .speed
        return try Inspection(path: DeviceFixtures.path(published.fixture), profile: profile).totals
            .latencyMilliseconds
    }

    @Test(
        "each MLPerf Tiny benchmark's predicted latency is within its bound of the published one",
        arguments: PublishedLatency.all)
    func latency(published: PublishedLatency) throws {
        let milliseconds = try Self.predicted(published)
        let error = milliseconds / published.milliseconds - 1
        #expect(
            abs(error) <= published.bound,
            "\(published): \(milliseconds) ms against \(published.milliseconds) ms (\(published.source))")
    }

    @Test("the fixtures are the MLPerf Tiny architectures: their MAC counts")
    func macs() throws {
        func macs(_ fixture: String) throws -> Int {
            let model = try DeviceFixtures.model(fixture)
            return try model.subgraphs[0].operators.indices.reduce(0) {
                $0 + (try OpWorkload(model: model, operatorIndex: $1)).macs
            }
        }
        // ResNet-8: 3×3 convs 3→16 and 16→16 (×2) at 32×32; 16→32 s2 and 32→32 at 16×16 with a 1×1 s2 shortcut;
        // the same to 64 at 8×8; dense 64→10.
        let resnet =
            32 * 32 * 9 * (3 * 16 + 2 * 16 * 16) + 16 * 16 * (9 * (16 * 32 + 32 * 32) + 16 * 32)
            + 8 * 8 * (9 * (32 * 64 + 64 * 64) + 32 * 64) + 64 * 10
        #expect(try macs("mlperf/resnet8_ic") == resnet)
        // MobileNetV1 0.25 at 96×96: a 3×3 s2 conv to 8 channels at 48×48, 13 depthwise-separable blocks (3×3
        // depthwise at the block's stride, 1×1 to its filters), dense 256→2.
        var (size, channels, mobilenet) = (48, 8, 48 * 48 * 9 * 3 * 8 + 256 * 2)
        let blocks = [(16, 1), (32, 2), (32, 1), (64, 2), (64, 1), (128, 2)] + Array(repeating: (128, 1), count: 5)
        for (filters, stride) in blocks + [(256, 2), (256, 1)] {
            size /= stride
            mobilenet += size * size * channels * (9 + filters)
            channels = filters
        }
        #expect(try macs("mlperf/mobilenet_vww") == mobilenet)
        // FC autoencoder: 640 → 128 ×4 → 8 → 128 ×4 → 640.
        #expect(try macs("mlperf/fc_autoencoder_ad") == 2 * 640 * 128 + 6 * 128 * 128 + 2 * 128 * 8)
    }
}
