import SpokenDSP
import SpokenNN

/// What the voice activity detector and the utterance segmenter cost on the chip, per audio frame, beside the front
/// end's ``FrontEndCost``: the rest of the listening work the device timeline charges every frame.
///
/// The chip runs the same decisions as SpokenDSP's `VoiceActivityDetector` and `UtteranceSegmenter`, on the mel
/// powers its front end has just computed (before their `log10f`: the host's detector turns the log-mel frame back
/// into powers because `FeatureExtractor.push` hands out only decibels; the chip has them for free). Per frame of
/// `mels` mel bands and `bands` detector bands (10 by default), `k` smoothing frames (3), `w` minimum-statistics
/// blocks (4):
///
/// | stage       | what the chip runs                                                     | cycles                  |
/// | ----------- | ---------------------------------------------------------------------- | ----------------------- |
/// | bands       | each mel power added to its band (`vldr` pipelined, `vadd`)            | 2 per mel               |
/// | smoothing   | the band's last `k` sums (`vldr`, `vadd`), one `vmul` by 1/k, `log10f` | 2k + 1 + 60 per band    |
/// | score       | excess (`vsub`), `vsqrt` of the variance, `vdiv`, maximum, sum (`vadd`) | 1 + 14 + 14 + 5 + 1 per |
/// |             | … then the sum scaled by 1/√bands (`vmul`) and the larger of the two   | band, + 1 + 5           |
/// | frame score | the same for the newest frame alone (the end of speech), its `log10f`  | 60 + 1 + 14 + 5 + 1 per |
/// |             |                                                                        | band, + 1 + 5           |
/// | level       | the frame's power over all bands, smoothed and alone (`vadd`), `log10f` | 2 per band, + 2 × 60   |
/// | floor       | two `vmla` (floor and variance), the margin test                       | 3 + 3 + 5 per band      |
/// | minimum     | the running block minimum and the window's `w + 1` minima              | 5 × (w + 2) per band    |
/// | history     | the frame's `mels` log-mel values copied into the segmenter's ring     | 2 per mel               |
/// | decision    | thresholds, counters, the state machine                                | 40                      |
///
/// and per utterance, when it ends: its frames copied out in order, 2 cycles per value.
///
/// Sources: the FPU's timings from the Cortex-M4 Technical Reference Manual (ARM DDI 0439B, §7.2.3: `vadd`/`vmul`
/// 1 cycle, `vmla` 3, `vdiv`/`vsqrt` 14, pipelined loads 1 each), the compare-and-select of a maximum or minimum as
/// ``FrontEndCost`` counts it (5: `vcmp`, `vmrs`, conditional move; the M4 has no `vmaxnm`), and `log10f` at
/// ``FrontEndCost``'s 60-cycle estimate. Modelled, not measured: with 40 mels and 10 bands, about 2.6 k cycles per
/// 10 ms frame, 0.41 % of a 64 MHz nRF52840, against 6.7 % for the front end (the four bands before cost 1.1 k).
public struct SegmenterCost: Codable, Sendable, Equatable {
    /// The per-frame stages, in order (the same shape as ``FrontEndCost/Stage``).
    public var stages: [FrontEndCost.Stage]
    /// Their sum: what the detector and segmenter cost every frame.
    public var cyclesPerFrame: Int
    /// The share of the chip's cycles they take while listening.
    public var dutyCycle: Double
    /// Cycles per log-mel value of handing out an utterance's frames when it ends.
    public var utteranceCyclesPerValue: Int

    static let perMelSum = 2.0
    static let perLoadAdd = 2.0
    static let multiply = 1.0
    static let subtract = 1.0
    static let squareRoot = 14.0
    static let divide = 14.0
    static let multiplyAccumulate = 3.0
    static let add = 1.0
    static let decisionPerFrame = 40.0
    static let copyPerValue = 2

    /// The cost of `segmenter` on frames of `frontEnd`, at `profile`'s clock.
    public init(segmenter: SegmenterConfig, frontEnd: FrontEndConfig, profile: DeviceProfile) {
        let mels = Double(frontEnd.mels)
        let bands = Double(segmenter.bandEdges.count - 1)
        let smoothing = Double(segmenter.smoothingFrames(frontEnd: frontEnd))
        let select = Double(FrontEndCost.maximumPerValue)
        let figures: [(String, String, Double)] = [
            ("bands", "vadd per mel power", mels * Self.perMelSum),
            (
                "smoothing", "vadd, vmul, log10f",
                bands * (Self.perLoadAdd * smoothing + Self.multiply + FrontEndCost.logPerBand)
            ),
            (
                "score", "vsub, vsqrt, vdiv, maximum, sum",
                bands * (Self.subtract + Self.squareRoot + Self.divide + select + Self.add) + Self.multiply + select
            ),
            (
                "frame score", "log10f, vsub, vdiv, maximum, sum",
                bands * (FrontEndCost.logPerBand + Self.subtract + Self.divide + select + Self.add) + Self.multiply
                    + select
            ),
            ("level", "vadd, log10f × 2", bands * 2 * Self.add + 2 * FrontEndCost.logPerBand),
            ("floor", "vmla × 2, margin test", bands * (2 * Self.multiplyAccumulate + select)),
            ("minimum", "block and window minima", bands * select * Double(VoiceActivityDetector.minimumBlocks + 2)),
            ("history", "frame copy", mels * Double(Self.copyPerValue)),
            ("decision", "state machine", Self.decisionPerFrame),
        ]
        stages = figures.map { FrontEndCost.Stage(name: $0.0, function: $0.1, cycles: Int($0.2.rounded())) }
        cyclesPerFrame = stages.reduce(0) { $0 + $1.cycles }
        let period = Double(frontEnd.hop) / Double(frontEnd.sampleRate)
        dutyCycle = Double(cyclesPerFrame) / (Double(profile.clockHz) * period)
        utteranceCyclesPerValue = Self.copyPerValue
    }
}
