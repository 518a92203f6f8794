/// Triangular mel filters that turn a spectrum of `binCount` bins into `melCount` band energies, equal to
/// `librosa.filters.mel(sr=, n_fft=, n_mels=, fmin=, fmax=, htk=, norm=)`.
///
/// The weights are computed in double precision with librosa's exact recipe (band edges by `linspace` in mels,
/// ramps against `rfftfreq`, Slaney area norm `2 / (f[i+2] − f[i])`) and stored as `Float`. Each filter is non-zero
/// on a short run of bins only, so `apply` walks those runs: about `2·binCount` multiply-adds per frame instead of
/// `melCount·binCount`.
public struct MelFilterbank: Sendable, Equatable {
    public let melCount: Int
    public let binCount: Int
    /// Dense weights, row-major `[melCount][binCount]`, as librosa returns them.
    public let weights: [Float]
    /// For each filter, the first bin of its non-zero run and the run's length (0 for an empty filter).
    public let firstBin: [Int]
    public let binSpan: [Int]

    /// Filters for an `fftSize`-point FFT at `sampleRate`, spanning `fmin…fmax` hertz.
    public init(
        sampleRate: Double, fftSize: Int, melCount: Int, fmin: Double, fmax: Double, scale: MelScale, norm: MelNorm
    ) {
        precondition(melCount > 0 && fftSize > 0 && sampleRate > 0, "mel filterbank needs positive sizes")
        let bins = fftSize / 2 + 1
        // np.fft.rfftfreq: k · (1 / (n · (1 / sr)))
        let binWidth = 1 / (Double(fftSize) * (1 / sampleRate))
        let frequencies = (0..<bins).map { Double($0) * binWidth }
        let edges = Self.edges(melCount: melCount, fmin: fmin, fmax: fmax, scale: scale)

        var weights = [Float](repeating: 0, count: melCount * bins)
        var firstBin = [Int](repeating: 0, count: melCount)
        var binSpan = [Int](repeating: 0, count: melCount)
        for m in 0..<melCount {
            let lowerWidth = edges[m + 1] - edges[m]
            let upperWidth = edges[m + 2] - edges[m + 1]
            let area = norm == .slaney ? 2 / (edges[m + 2] - edges[m]) : 1
            var first = -1
            var last = -1
            for k in 0..<bins {
                let lower = -(edges[m] - frequencies[k]) / lowerWidth
                let upper = (edges[m + 2] - frequencies[k]) / upperWidth
                let weight = max(0, min(lower, upper)) * area
                guard weight > 0 else { continue }
                weights[m * bins + k] = Float(weight)
                if first < 0 { first = k }
                last = k
            }
            if first >= 0 {
                firstBin[m] = first
                binSpan[m] = last - first + 1
            }
        }
        self.melCount = melCount
        self.binCount = bins
        self.weights = weights
        self.firstBin = firstBin
        self.binSpan = binSpan
    }

    /// The `melCount + 2` filter edges in hertz, librosa's `mel_frequencies(n_mels + 2, fmin, fmax)`: filter `m`
    /// rises from edge `m`, peaks at edge `m + 1` (its centre) and falls to edge `m + 2`.
    public static func edges(melCount: Int, fmin: Double, fmax: Double, scale: MelScale) -> [Double] {
        // np.linspace(mel(fmin), mel(fmax), n_mels + 2) mapped back to hertz.
        let points = melCount + 2
        let low = scale.mel(hz: fmin)
        let high = scale.mel(hz: fmax)
        let step = (high - low) / Double(points - 1)
        return (0..<points).map { i in scale.hz(mel: i == points - 1 ? high : Double(i) * step + low) }
    }

    /// The weight of `bin` in filter `mel`.
    public subscript(mel: Int, bin: Int) -> Float { weights[mel * binCount + bin] }

    /// Writes the `melCount` band energies of the `binCount`-bin power (or magnitude) spectrum at `spectrum` to
    /// `bands`. Allocates nothing.
    public func apply(_ spectrum: UnsafePointer<Float>, into bands: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { weights in
            firstBin.withUnsafeBufferPointer { firstBin in
                binSpan.withUnsafeBufferPointer { binSpan in
                    for m in 0..<melCount {
                        let row = weights.baseAddress! + m * binCount
                        var sum: Float = 0
                        var k = firstBin[m]
                        let stop = k + binSpan[m]
                        while k < stop {
                            sum += row[k] * spectrum[k]
                            k += 1
                        }
                        bands[m] = sum
                    }
                }
            }
        }
    }
}
