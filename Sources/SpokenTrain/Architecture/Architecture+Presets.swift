import SpokenDSP

extension Architecture {
    /// The presets' front end: 16 kHz, 32 ms windows every 20 ms, 40 mel bands, 80 frames (1.6 s, enough for the
    /// longest numbers, "quatre-vingt-dix-sept").
    public static let presetFrontEnd = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 320, mels: 40, frames: 80)

    /// The names `preset(_:)` knows.
    public static let presetNames = ["tiny", "dscnn", "cnn2d"]

    /// A built-in architecture by name, or nil.
    ///
    /// - `tiny`: three strided convolutions (8, 16, 32 channels, the last two depthwise-separable) and a global
    ///   average pool: a few thousand parameters, for tests and the search's smallest corner.
    /// - `dscnn`: the depthwise-separable CNN of Zhang et al., "Hello Edge" (DS-CNN-S: a 10×4 convolution with
    ///   stride 2, four depthwise 3×3 + pointwise blocks of 64 channels, average pool), the usual keyword-spotting
    ///   baseline on Cortex-M.
    /// - `cnn2d`: a plain 2-D CNN like the SpokeN-100 paper's baseline (three 3×3 convolution + max-pool stages of
    ///   32, 64 and 128 channels, a dense layer of 128 with dropout): far too large for the chip, the accuracy
    ///   reference.
    public static func preset(_ name: String) -> Architecture? {
        func conv(_ filters: Int, _ kernel: [Int], stride: [Int]? = nil) -> LayerSpec {
            LayerSpec(kind: .conv2d, filters: filters, kernel: kernel, stride: stride)
        }
        func depthwise(stride: [Int]? = nil) -> LayerSpec {
            LayerSpec(kind: .depthwiseConv2d, kernel: [3, 3], stride: stride)
        }
        let layers: [LayerSpec]
        switch name {
        case "tiny":
            layers = [
                conv(8, [3, 3], stride: [2, 2]),
                depthwise(stride: [2, 2]), conv(16, [1, 1]),
                depthwise(stride: [2, 2]), conv(32, [1, 1]),
                LayerSpec(kind: .globalAveragePool),
            ]
        case "dscnn":
            layers =
                [conv(64, [10, 4], stride: [2, 2])] + (0..<4).flatMap { _ in [depthwise(), conv(64, [1, 1])] } + [
                    LayerSpec(kind: .dropout, rate: 0.2), LayerSpec(kind: .globalAveragePool),
                ]
        case "cnn2d":
            let pool = LayerSpec(kind: .maxPool, pool: [2, 2])
            layers = [
                conv(32, [3, 3]), pool, conv(64, [3, 3]), pool, conv(128, [3, 3]), pool,
                LayerSpec(kind: .dropout, rate: 0.3), LayerSpec(kind: .dense, units: 128),
                LayerSpec(kind: .dropout, rate: 0.5),
            ]
        default:
            return nil
        }
        return Architecture(frontEnd: presetFrontEnd, layers: layers)
    }
}
