import Foundation

/// The anti-aliasing low-pass filter of a `Resampler`: a Kaiser-windowed sinc at the up-sampled rate.
///
/// Resampling by `up/down` is: insert `up - 1` zeros between samples, low-pass at the lower of the two Nyquist
/// frequencies, keep every `down`-th sample. This type designs that low-pass exactly as
/// `scipy.signal.firwin(numtaps, cutoff, window=("kaiser", beta))` does, with `numtaps` and `beta` from Kaiser's
/// formulas (`scipy.signal.kaiserord`, `kaiser_beta`), so `Scripts/make_resampler_fixtures.py` can hand the same taps
/// to `scipy.signal.resample_poly` and the tests compare like with like.
///
/// - Stopband: from the lower Nyquist frequency up, ≥ `attenuation` dB down (85 dB designed, measured ≥ 84.5 dB;
///   the promise is 80 dB). Nothing above the output's Nyquist frequency aliases back audibly, and no image of an
///   up-sampled signal survives.
/// - Passband: up to `passband` × the lower Nyquist frequency, ripple about 1e-4 (0.001 dB).
struct ResamplerFilter {
    /// Designed stopband attenuation in dB; 5 dB above the promised 80 dB because Kaiser's formula is approximate.
    static let attenuation = 85.0
    /// Passband edge as a fraction of the lower Nyquist frequency; the transition band is the rest, up to Nyquist.
    static let passband = 0.9
    /// The longest filter spokend designs (about 1 s of design time and 8 MiB of taps); rate pairs that would need
    /// more (e.g. 44100 → 44099 Hz) are refused.
    static let maximumTaps = 1 << 21

    /// Zero-stuffing factor.
    let up: Int
    /// Decimation factor.
    let down: Int
    /// The Kaiser window's shape parameter.
    let beta: Double
    /// Odd tap count, so the filter has an integer delay of `halfLength` taps.
    let tapCount: Int
    var halfLength: Int { (tapCount - 1) / 2 }

    /// Designs the filter for `inputRate` → `outputRate` (Hz), reduced by their greatest common divisor.
    init(inputRate: Int, outputRate: Int) throws(DSPError) {
        guard inputRate > 0, outputRate > 0 else {
            throw DSPError(
                .invalidConfiguration, "cannot resample \(inputRate) Hz to \(outputRate) Hz: rates must be positive")
        }
        let divisor = Self.gcd(inputRate, outputRate)
        up = outputRate / divisor
        down = inputRate / divisor
        let attenuation = Self.attenuation
        beta = 0.1102 * (attenuation - 8.7)
        // Widths relative to the up-sampled Nyquist frequency, as scipy's `kaiserord(ripple, width)` takes them.
        let width = (1 - Self.passband) / Double(max(up, down))
        let taps = Int(((attenuation - 7.95) / (2.285 * Double.pi * width)).rounded(.up)) + 1
        let odd = taps | 1
        guard odd <= Self.maximumTaps else {
            throw DSPError(
                .invalidConfiguration,
                "cannot resample \(inputRate) Hz to \(outputRate) Hz: the ratio \(up)/\(down) needs a \(odd)-tap filter, "
                    + "more than the \(Self.maximumTaps) spokend allows")
        }
        tapCount = odd
    }

    /// The cutoff (−6 dB point) relative to the up-sampled Nyquist frequency: halfway through the transition band.
    var cutoff: Double { (1 + Self.passband) / 2 / Double(max(up, down)) }

    /// The taps, scaled as `resample_poly` scales them: unit DC gain times `up`, so that each polyphase branch has
    /// unit gain.
    func taps() -> [Double] {
        let center = Double(halfLength)
        let besselOfBeta = Self.besselI0(beta)
        var taps = [Double](repeating: 0, count: tapCount)
        for index in 0...halfLength {
            let offset = Double(index) - center
            let ratio = offset / center
            let window = Self.besselI0(beta * (1 - ratio * ratio).squareRoot()) / besselOfBeta
            let value = cutoff * Self.sinc(cutoff * offset) * window
            taps[index] = value
            taps[tapCount - 1 - index] = value
        }
        let scale = Double(up) / taps.reduce(0, +)
        for index in taps.indices { taps[index] *= scale }
        return taps
    }

    /// `sin(πx)/(πx)`, numpy's `sinc`.
    private static func sinc(_ x: Double) -> Double {
        guard x != 0 else { return 1 }
        let angle = Double.pi * x
        return sin(angle) / angle
    }

    /// The modified Bessel function of the first kind, order 0, by its power series (converges for all x; terms are
    /// summed until they no longer change the sum).
    private static func besselI0(_ x: Double) -> Double {
        let quarterSquare = x * x / 4
        var term = 1.0
        var sum = 1.0
        var k = 1.0
        while term > sum * 1e-17 {
            term *= quarterSquare / (k * k)
            sum += term
            k += 1
        }
        return sum
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
