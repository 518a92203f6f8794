import Foundation

/// Fundamental frequency (F0) of speech by YIN (de Cheveigné & Kawahara 2002), frame by frame and per clip.
///
/// The frame-level estimate follows `librosa.yin` (0.11) step for step — centred zero-padded frames, the
/// cumulative-mean-normalised difference function over periods `floor(sr/fmax)…ceil(sr/fmin)`, the first trough
/// below `troughThreshold` (else the global minimum), parabolic refinement — so its output can be checked against
/// librosa frame by frame. SpokeN-100 reported per-speaker F0 with pYIN (11,025 Hz, frame 512, C2–C7, voiced frames
/// within 50–300 Hz); pYIN's HMM smoothing is not reproduced. A frame counts as voiced here when the minimum of its
/// normalised difference (its aperiodicity) is below `voicingThreshold` and the frame is no more than
/// `silenceFloorDB` below the loudest frame of the clip; the clip's F0 is the median of voiced frames whose F0 lies in
/// `voicedRange`. The voicing threshold is looser than YIN's trough threshold on purpose: librosa's difference
/// function leaves out the energy of the frame's tail, so on a rising envelope a clearly periodic frame stays above
/// 0.1 (white noise sits near 0.8, voiced frames of a synthetic glide at 0.03–0.33).
///
/// Pure computation: no FFT plan and no allocation beyond the frame buffers, so it runs from any thread. The
/// autocorrelation is computed directly in double precision (about 65 µs per 16 kHz frame in a release build, 3 ms
/// per second of audio), not by FFT: FFTW is single precision here, and float rounding moves YIN's troughs enough to
/// break frame-exact agreement with librosa.
public struct PitchEstimator: Sendable {
    /// The analysis parameters. `paper` is SpokeN-100's setting; `init(sampleRate:)` keeps its durations at another
    /// rate so a caller need not resample.
    public struct Configuration: Sendable, Equatable {
        public var sampleRate: Double
        public var frameLength: Int
        public var hopLength: Int
        public var fmin: Double
        public var fmax: Double
        public var troughThreshold: Double
        public var voicingThreshold: Double
        public var voicedRange: ClosedRange<Double>
        public var silenceFloorDB: Double

        public init(
            sampleRate: Double, frameLength: Int, hopLength: Int, fmin: Double = 65.40639132514966,
            fmax: Double = 2093.004522404789, troughThreshold: Double = 0.1, voicingThreshold: Double = 0.35,
            voicedRange: ClosedRange<Double> = 50...300, silenceFloorDB: Double = 40
        ) {
            self.sampleRate = sampleRate
            self.frameLength = frameLength
            self.hopLength = hopLength
            self.fmin = fmin
            self.fmax = fmax
            self.troughThreshold = troughThreshold
            self.voicingThreshold = voicingThreshold
            self.voicedRange = voicedRange
            self.silenceFloorDB = silenceFloorDB
        }

        /// SpokeN-100's analysis: 11,025 Hz, frame 512 (46 ms), hop 128, C2 (65.4 Hz) to C7 (2093 Hz).
        public static let paper = Configuration(sampleRate: 11025, frameLength: 512, hopLength: 128)

        /// The paper's frame and hop durations at `sampleRate` (frame 512 at 11,025 Hz → 743 at 16 kHz).
        public init(sampleRate: Double) {
            let scale = sampleRate / Configuration.paper.sampleRate
            self.init(
                sampleRate: sampleRate, frameLength: Int((512 * scale).rounded()),
                hopLength: Int((128 * scale).rounded()))
        }

        /// Shortest period searched, in samples (`floor(sr / fmax)`, as librosa).
        public var minPeriod: Int { Int((sampleRate / fmax).rounded(.down)) }
        /// Longest period searched, in samples (`ceil(sr / fmin)`, at most `frameLength - 1`, as librosa).
        public var maxPeriod: Int { min(Int((sampleRate / fmin).rounded(.up)), frameLength - 1) }
    }

    /// One analysis frame: the YIN estimate, how aperiodic the chosen period is, and whether it counts as voiced.
    public struct Frame: Sendable, Equatable {
        /// F0 in Hz at the chosen period (what `librosa.yin` returns for this frame).
        public var f0: Double
        /// The minimum of the normalised difference: near 0 for a periodic frame, near 1 for noise.
        public var aperiodicity: Double
        /// Aperiodicity below `voicingThreshold` and the frame is not silence.
        public var isVoiced: Bool
    }

    public let configuration: Configuration

    public init(_ configuration: Configuration = .paper) throws(DSPError) {
        let c = configuration
        guard c.sampleRate > 0, c.hopLength > 0, c.fmin > 0, c.fmin < c.fmax, c.fmax <= c.sampleRate / 2 else {
            throw DSPError(
                .invalidConfiguration,
                "pitch estimator: need 0 < fmin < fmax <= sample rate / 2 and hop > 0 "
                    + "(sample rate \(c.sampleRate), fmin \(c.fmin), fmax \(c.fmax), hop \(c.hopLength))")
        }
        guard c.minPeriod >= 1, c.frameLength > Int((c.sampleRate / c.fmin).rounded(.up)) else {
            throw DSPError(
                .invalidConfiguration,
                "pitch estimator: frame of \(c.frameLength) samples is too short for periods "
                    + "\(c.minPeriod)…\(Int((c.sampleRate / c.fmin).rounded(.up)))")
        }
        self.configuration = configuration
    }

    /// A clip's F0 as SpokeN-100 measured it: `samples` (at `sampleRate` Hz) resampled to 11,025 Hz with
    /// `Resampler`, then `f0` with the `paper` configuration. Nil when no frame is voiced within 50–300 Hz.
    public static func paperF0(_ samples: [Float], sampleRate: Int) throws(DSPError) -> Double? {
        let rate = Int(Configuration.paper.sampleRate)
        let input = sampleRate == rate ? samples : try Resampler.resample(samples, from: sampleRate, to: rate)
        return try PitchEstimator(.paper).f0(input)
    }

    /// The F0 of a clip in Hz: the median over voiced frames within `voicedRange`, or nil when none is voiced.
    public func f0(_ samples: [Float]) -> Double? {
        let voiced = frames(samples).filter { $0.isVoiced && configuration.voicedRange.contains($0.f0) }.map(\.f0)
        return Self.median(voiced)
    }

    /// Frame-by-frame YIN over `samples` at `configuration.sampleRate`; frame `t` is centred on sample `t × hop`.
    public func frames(_ samples: [Float]) -> [Frame] {
        let c = configuration
        let n = c.frameLength
        let half = n / 2
        let padded = samples.count + 2 * half
        guard padded >= n else { return [] }
        let count = 1 + (padded - n) / c.hopLength
        var frame = [Double](repeating: 0, count: n)
        var difference = [Double](repeating: 0, count: c.maxPeriod + 1)
        var normalised = [Double](repeating: 0, count: c.maxPeriod - c.minPeriod + 1)
        var results: [Frame] = []
        results.reserveCapacity(count)
        var energies: [Double] = []
        energies.reserveCapacity(count)
        for t in 0..<count {
            let start = t * c.hopLength - half
            var energy = 0.0
            for i in 0..<n {
                let s = start + i
                let x = s >= 0 && s < samples.count ? Double(samples[s]) : 0
                frame[i] = x
                energy += x * x
            }
            energies.append(energy)
            results.append(analyse(frame, &difference, &normalised))
        }
        // Silence gate relative to the loudest frame: a quiet frame of breath or dither can look periodic to YIN.
        let loudest = energies.max() ?? 0
        let floor = loudest * pow(10, -c.silenceFloorDB / 10)
        for t in results.indices where energies[t] <= floor || loudest == 0 {
            results[t].isVoiced = false
        }
        return results
    }

    /// YIN on one frame; `difference` and `normalised` are scratch buffers of the right sizes.
    private func analyse(_ frame: [Double], _ difference: inout [Double], _ normalised: inout [Double]) -> Frame {
        let c = configuration
        let n = c.frameLength
        let maxPeriod = c.maxPeriod
        let minPeriod = c.minPeriod
        frame.withUnsafeBufferPointer { x in
            difference.withUnsafeMutableBufferPointer { d in
                // librosa: d(k) = 2 (r(0) − r(k)) − Σ_{m<k} y(m)², with the k = 1 correction term zeroed (librosa
                // overwrites the first cumulative energy before using it).
                var r0 = 0.0
                for i in 0..<n { r0 += x[i] * x[i] }
                var cumulativeEnergy = x[0] * x[0]
                d[0] = 0
                let base = x.baseAddress!
                for k in 1...maxPeriod {
                    let r = Self.dot(base, base + k, count: n - k)
                    d[k] = 2 * (r0 - r) - (k == 1 ? 0 : cumulativeEnergy)
                    cumulativeEnergy += x[k] * x[k]
                }
            }
        }
        var runningSum = 0.0
        for k in 1...maxPeriod {
            runningSum += difference[k]
            if k >= minPeriod {
                let mean = runningSum / Double(k)
                normalised[k - minPeriod] = difference[k] / (mean + Double.leastNormalMagnitude)
            }
        }
        let y = normalised
        let last = y.count - 1
        var chosen: Int?
        for i in 0...last {
            let isTrough: Bool
            if i == 0 {
                isTrough = y[0] < y[1]
            } else if i == last {
                isTrough = y[last] < y[last - 1]
            } else {
                isTrough = y[i] < y[i - 1] && y[i] <= y[i + 1]
            }
            if isTrough && y[i] < c.troughThreshold {
                chosen = i
                break
            }
        }
        let globalMinimum = y.indices.min { y[$0] < y[$1] } ?? 0
        let index = chosen ?? globalMinimum
        var shift = 0.0
        if index > 0 && index < last {
            let a = y[index + 1] + y[index - 1] - 2 * y[index]
            let b = (y[index + 1] - y[index - 1]) / 2
            if abs(b) < abs(a) { shift = -b / a }
        }
        let period = Double(minPeriod + index) + shift
        let aperiodicity = y[globalMinimum]
        return Frame(f0: c.sampleRate / period, aperiodicity: aperiodicity, isVoiced: aperiodicity < c.voicingThreshold)
    }

    /// `Σ a[i] · b[i]` for `i < count`, with four running sums: the sum is no longer one chain of dependent
    /// additions, which makes the lag loop (nearly all of YIN's time) about 4× faster in release builds.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += a[i] * b[i]
            s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]
            s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < count {
            s0 += a[i] * b[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// The median of `values` (mean of the middle two for an even count), nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid]
    }
}
