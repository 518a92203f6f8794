import SpokenNN
import Testing

/// What MLPerf Tiny measured on its reference board, the NUCLEO-L4R5ZI (STM32L4R5, Cortex-M4F at 120 MHz), for one
/// benchmark with one build.
///
/// Sources (each file's "Median throughput is … inf./sec."):
/// - `v1`: MLPerf Tiny v1.0, closed division, OctoML's microTVM with CMSIS-NN kernels, Zephyr at `-O2`
///   (`CONFIG_SPEED_OPTIMIZATIONS`): mlcommons/tiny_results_v1.0
///   `closed/OctoML/results/microtvm_cmsis_nn/NUCLEO_L4R5ZI/{kws,ic,vww,ad}/performance/results.txt`.
/// - `v05`: MLPerf Tiny v0.5, closed division, the "reference" submission: mlcommons/tiny_results_v0.5
///   `closed/reference/results/Nucleo-L4R5ZI/{kws,ic,vww,ad}/performance/results.txt`. Despite its name it did not
///   run TFLM's reference kernels: its system description gives TFLM v2.3.1 and GCC 6 on Mbed OS, and the code it
///   was built from (mlcommons/tiny `v0.1/reference_submissions/*/setup_example.sh`) generates the Mbed project with
///   `TF_MAKE_TAGS="cmsis-nn"` ("enable CMSIS-NN"): CMSIS-NN's kernels of 2020, older than the ones the CMSIS-NN
///   flavour models. No published latency of TFLM's reference kernels on this board was found.
struct PublishedLatency: Sendable, CustomStringConvertible {
    let fixture: String
    let inferencesPerSecond: Double
    let source: String

    var milliseconds: Double { 1000 / inferencesPerSecond }
    var description: String { "\(fixture) (\(source))" }

    static let v1 = "MLPerf Tiny v1.0 closed/OctoML microtvm_cmsis_nn NUCLEO_L4R5ZI"
    static let v05 = "MLPerf Tiny v0.5 closed/reference (TFLM v2.3.1 with CMSIS-NN, Mbed OS) Nucleo-L4R5ZI"

    /// v1.0 with CMSIS-NN: what the CMSIS-NN flavour is fitted to (the DS-CNN) and checked against (the others).
    static let cmsisNN: [(PublishedLatency, bound: Double)] = [
        (PublishedLatency(fixture: "dscnn_kws", inferencesPerSecond: 10.019, source: v1), 0.02),
        (PublishedLatency(fixture: "mlperf/resnet8_ic", inferencesPerSecond: 2.567, source: v1), 0.1),
        (PublishedLatency(fixture: "mlperf/mobilenet_vww", inferencesPerSecond: 3.320, source: v1), 0.1),
        (PublishedLatency(fixture: "mlperf/fc_autoencoder_ad", inferencesPerSecond: 116.212, source: v1), 0.1),
    ]

    /// v0.5, TFLM v2.3.1 with 2020's CMSIS-NN: a floor for the reference kernels on the same board.
    static let cmsisNN2020: [PublishedLatency] = [
        PublishedLatency(fixture: "dscnn_kws", inferencesPerSecond: 5.497, source: v05),
        PublishedLatency(fixture: "mlperf/resnet8_ic", inferencesPerSecond: 1.420, source: v05),
        PublishedLatency(fixture: "mlperf/mobilenet_vww", inferencesPerSecond: 1.665, source: v05),
        PublishedLatency(fixture: "mlperf/fc_autoencoder_ad", inferencesPerSecond: 99.487, source: v05),
    ]
}

@Suite("Cycle model against MLPerf Tiny, fitted on the DS-CNN only")
struct MLPerfTinyOutOfSampleTests {
    /// The model's latency for `fixture` with `flavor` on a bare Cortex-M4 at 120 MHz built at `-O2` (OctoML's build).
    static func predicted(_ fixture: String, _ flavor: KernelFlavor) throws -> Double {
        var profile = DeviceProfile.cortexM4(clockHz: 120_000_000)
        profile.flavor = flavor
        profile.optimization = .speed
        return try Inspection(path: DeviceFixtures.path(fixture), profile: profile).totals.latencyMilliseconds
    }

    @Test(
        "with CMSIS-NN each MLPerf Tiny v1.0 benchmark's predicted latency is within its bound of the published one",
        arguments: zip(PublishedLatency.cmsisNN.map(\.0), PublishedLatency.cmsisNN.map(\.bound)))
    func cmsisNN(published: PublishedLatency, bound: Double) throws {
        let milliseconds = try Self.predicted(published.fixture, .cmsisNN)
        let error = milliseconds / published.milliseconds - 1
        #expect(abs(error) <= bound, "\(published): \(milliseconds) ms against \(published.milliseconds) ms")
    }

    @Test(
        "with reference kernels no MLPerf Tiny benchmark is predicted faster than v0.5's CMSIS-NN build ran it",
        arguments: PublishedLatency.cmsisNN2020)
    func referenceFloor(published: PublishedLatency) throws {
        let milliseconds = try Self.predicted(published.fixture, .reference)
        #expect(milliseconds >= published.milliseconds, "\(published): \(milliseconds) ms")
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
