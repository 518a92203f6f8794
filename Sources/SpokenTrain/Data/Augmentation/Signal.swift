import Foundation
import SpokenDSP

/// Small measurements and mixes on sample arrays that the augmentations share.
enum Signal {
    /// Mean square of `samples` (0 for none), in double precision.
    static func power(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return 0 }
        var sum = 0.0
        for sample in samples { sum += Double(sample) * Double(sample) }
        return sum / Double(samples.count)
    }

    /// `speech + k·noise` with `k` chosen so that the speech-to-noise power ratio is `snrDB`; `noise` is as long as
    /// `speech`. Silent noise or speech is returned unchanged.
    static func mix(_ speech: [Float], noise: [Float], snrDB: Double) -> [Float] {
        let speechPower = power(speech)
        let noisePower = power(noise)
        guard speechPower > 0, noisePower > 0 else { return speech }
        let scale = Float((speechPower / noisePower / pow(10, snrDB / 10)).squareRoot())
        return zip(speech, noise).map { $0 + scale * $1 }
    }

    /// `samples` scaled by `gainDB`.
    static func gain(_ samples: [Float], decibels gainDB: Double) -> [Float] {
        let scale = Float(pow(10, gainDB / 20))
        return samples.map { $0 * scale }
    }

    /// `samples` resampled by the rational `up/down` with SpokenDSP's band-limited `Resampler` and played back at
    /// the same rate: `down/up` times as fast, pitch and formants `down/up` times as high.
    static func speed(_ samples: [Float], up: Int, down: Int) -> [Float] {
        // `Resampler` only ever fails for non-positive rates or absurd ratios, which callers never pass.
        (try? Resampler.resample(samples, from: down, to: up)) ?? samples
    }
}
