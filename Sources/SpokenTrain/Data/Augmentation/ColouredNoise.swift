import SpokenDSP

/// Stationary noise whose spectrum falls as `1/f^β`: white (β = 0, hiss), pink (β = 1, fans, rain, room tone) and
/// brown (β = 2, rumble, traffic), and any mix of the three.
///
/// White is Gaussian; pink is white through Paul Kellet's economy filter (±0.5 dB of 1/f above 40 Hz at 16 kHz);
/// brown is white through a leaky integrator. Each is scaled to unit power before mixing, so the weights say how
/// much of each the mix holds.
enum ColouredNoise {
    /// `count` samples of `white·W + pink·P + brown·B`, with unit-power components.
    static func make(count: Int, white: Float, pink: Float, brown: Float, random: inout SplitMix64) -> [Float] {
        var whiteNoise = [Float](repeating: 0, count: count)
        var pinkNoise = whiteNoise
        var brownNoise = whiteNoise
        var (p0, p1, p2): (Float, Float, Float) = (0, 0, 0)
        var level: Float = 0
        for index in 0..<count {
            let w = random.gaussian()
            whiteNoise[index] = w
            p0 = 0.99765 * p0 + w * 0.0990460
            p1 = 0.96300 * p1 + w * 0.2965164
            p2 = 0.57000 * p2 + w * 1.0526913
            pinkNoise[index] = p0 + p1 + p2 + w * 0.1848
            level = 0.998 * level + w
            brownNoise[index] = level
        }
        // The integrator starts at zero; removing the mean keeps its first samples from sounding like a click.
        let mean = brownNoise.reduce(0, +) / Float(max(count, 1))
        for index in brownNoise.indices { brownNoise[index] -= mean }
        let scales = [whiteNoise, pinkNoise, brownNoise].map { Float(1 / max(1e-12, Signal.power($0)).squareRoot()) }
        return (0..<count).map {
            white * scales[0] * whiteNoise[$0] + pink * scales[1] * pinkNoise[$0] + brown * scales[2] * brownNoise[$0]
        }
    }
}
