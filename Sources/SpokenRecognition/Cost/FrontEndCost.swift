import Foundation
import SpokenDSP
import SpokenNN

/// What the front end costs on the chip: cycles per audio frame for each stage, the share of the chip's time that
/// listening takes (duty cycle), and the per-utterance work that must wait for the end of speech.
///
/// A streaming device computes each frame's log-mel bands while the person speaks (int16 samples from the PDM
/// microphone, `float32` maths on the Cortex-M4F's FPU, CMSIS-DSP functions). When speech ends, it finishes the
/// utterance as `FeatureExtractor.finalize` does — the utterance's maximum, the `top_db` clamp, fitting to the
/// model's frames — and quantizes the features to the model's int8 input; only then can inference start.
///
/// Per-stage cycle figures, per frame of `n_fft` samples with `bins = n_fft/2 + 1`:
///
/// | stage    | what the chip runs                                       | cycles                                 |
/// | -------- | -------------------------------------------------------- | -------------------------------------- |
/// | window   | `arm_q15_to_float`, `arm_mult_f32` by the window         | 5.5 per sample                         |
/// | fft      | `arm_rfft_fast_f32`: `arm_cfft_f32(n_fft/2)` + split     | 13.8 × M log₂ M (M = n_fft/2) + 20 × M |
/// | power    | `arm_cmplx_mag_squared_f32` (power 1 adds `vsqrt`, 14)   | 6 per bin (+14)                        |
/// | mel      | sparse triangular filters: each weight one load + `vmla` | 4 per weight + 12 per band             |
/// | log      | `10·log10` (libm `log10f`) and the reference subtraction | 60 per band                            |
///
/// and per utterance (finalize): 5 cycles per value for the maximum (`vcmp`, `vmrs`, conditional move: the M4 has
/// no `vmaxnm`) and 10 per value for the clamp, scale, round, saturate and store to int8. A front end that
/// normalises each mel band by its mean (`UtteranceNorm.melMean`) adds 9 per value: 3 to sum the band (`vldr`,
/// `vadd`), 1 to subtract the mean inside the quantizing pass (`vsub`) and 5 for the minimum that pads, found
/// beside the maximum.
///
/// Sources. The FPU's instruction timings are those of the Cortex-M4 Technical Reference Manual (ARM DDI 0439B,
/// §7.2.3: `vadd`/`vmul` 1 cycle, `vmla`/`vfma` 3, `vdiv`/`vsqrt` 14, `vldr`/`vstr` 2, pipelined back-to-back loads
/// 1 each); the element-wise stages are counted from the CMSIS-DSP loops with those timings. The FFT is anchored
/// on a measurement: `arm_cfft_f32` of 256 points took 236 µs on a 120 MHz Kinetis K64 (Cortex-M4F, hardware FPU)
/// — 28 320 cycles, 13.8 per point and radix-2 stage, whatever the board's memory system added included (NXP
/// community, "How to improve i.MX RT1024 RFFT execution time too long?", 2023, reply by mjbcswitzerland,
/// https://community.nxp.com/t5/i-MX-RT/How-to-improve-i-MX-RT1024-RFFT-execution-time-too-long/m-p/1766426). A
/// pure-software Rust FFT on a Cortex-M4F (microfft's benchmark on an STM32F3DISCOVERY, DWT cycle counter) needs
/// 41 471 cycles for the same 256-point complex FFT and 53 610 for a 512-point real one, so 13.8 is a plausible
/// figure for CMSIS-DSP's radix-8 code, not an optimistic one.
/// `stage_rfft_f32`, the split that turns the half-length complex FFT into the real one, is 20 cycles per complex
/// output (6 loads, 8 multiply-adds, 2 stores). `log10f` is an estimate (newlib's range reduction and polynomial,
/// about 40 FPU instructions with a division), not a measurement.
///
/// These are modelled, not measured, figures. For 16 kHz audio, 512-point frames every 10 ms and 40 mels they give
/// about 42 700 cycles per frame: 6.7% of a 64 MHz nRF52840 while listening, the FFT three quarters of it.
public struct FrontEndCost: Codable, Sendable, Equatable {
    /// One stage of the per-frame work.
    public struct Stage: Codable, Sendable, Equatable {
        public var name: String
        /// The CMSIS-DSP (or libm) function the chip runs for it.
        public var function: String
        public var cycles: Int
    }

    /// Cycles of each per-frame stage, in order.
    public var stages: [Stage]
    /// Their sum: what every frame of audio costs while listening.
    public var cyclesPerFrame: Int
    /// Seconds between frames: `hop / sample_rate`.
    public var framePeriodSeconds: Double
    /// The share of the chip's cycles the front end takes while listening: cycles per frame ÷ cycles per period.
    public var dutyCycle: Double
    /// Cycles per feature value of the per-utterance finalize (maximum, clamp, quantize).
    public var finalizeCyclesPerValue: Int
    public var clockHz: Int

    /// Cycle figures (see the type's comment).
    static let windowPerSample = 5.5
    static let fftPerPointStage = 13.8
    static let splitPerOutput = 20.0
    static let powerPerBin = 6.0
    static let squareRoot = 14.0
    static let melPerWeight = 4.0
    static let melPerBand = 12.0
    static let logPerBand = 60.0
    static let maximumPerValue = 5
    static let quantizePerValue = 10
    static let melMeanPerValue = 9

    /// The front end `config` on `profile`'s clock.
    public init(config: FrontEndConfig, profile: DeviceProfile) {
        let n = Double(config.nFFT)
        let half = n / 2
        let bins = half + 1
        let mels = Double(config.mels)
        let filterbank = MelFilterbank(
            sampleRate: Double(config.sampleRate), fftSize: config.nFFT, melCount: config.mels, fmin: config.fmin,
            fmax: config.fmax, scale: config.melScale, norm: config.melNorm)
        let weights = Double(filterbank.binSpan.reduce(0, +))
        let power = bins * (Self.powerPerBin + (config.power == 1 ? Self.squareRoot : 0))
        let figures: [(String, String, Double)] = [
            ("window", "arm_q15_to_float + arm_mult_f32", n * Self.windowPerSample),
            (
                "fft", "arm_rfft_fast_f32",
                Self.fftPerPointStage * half * log2(half) + Self.splitPerOutput * half
            ),
            ("power", config.power == 1 ? "arm_cmplx_mag_f32" : "arm_cmplx_mag_squared_f32", power),
            ("mel", "sparse filterbank (vmla)", weights * Self.melPerWeight + mels * Self.melPerBand),
            ("log", "log10f", mels * Self.logPerBand),
        ]
        stages = figures.map { Stage(name: $0.0, function: $0.1, cycles: Int($0.2.rounded())) }
        cyclesPerFrame = stages.reduce(0) { $0 + $1.cycles }
        framePeriodSeconds = Double(config.hop) / Double(config.sampleRate)
        dutyCycle = Double(cyclesPerFrame) / (Double(profile.clockHz) * framePeriodSeconds)
        finalizeCyclesPerValue = Self.finalizeCyclesPerValue(config)
        clockHz = profile.clockHz
    }

    /// Cycles per feature value of finishing an utterance for a model whose front end is `config`.
    public static func finalizeCyclesPerValue(_ config: FrontEndConfig) -> Int {
        maximumPerValue + quantizePerValue + (config.normalize == .melMean ? melMeanPerValue : 0)
    }

    /// Cycles of finishing one utterance after the end of speech for a model whose front end is `config`: its
    /// `frames` × `mels` input values.
    public static func finalizeCycles(_ config: FrontEndConfig) -> Int {
        (config.frames ?? 0) * config.mels * finalizeCyclesPerValue(config)
    }
}
