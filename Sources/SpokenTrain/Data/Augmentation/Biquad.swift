import Foundation

/// A second-order IIR section with the coefficients of Robert Bristow-Johnson's "Audio EQ Cookbook": the filters a
/// cheap microphone, a phone line or a small loudspeaker put on speech.
struct Biquad {
    private var b0, b1, b2, a1, a2: Double

    private init(b0: Double, b1: Double, b2: Double, a0: Double, a1: Double, a2: Double) {
        self.b0 = b0 / a0
        self.b1 = b1 / a0
        self.b2 = b2 / a0
        self.a1 = a1 / a0
        self.a2 = a2 / a0
    }

    private static func omega(_ frequency: Double, _ sampleRate: Int) -> (cos: Double, sin: Double) {
        let w = 2 * Double.pi * min(frequency, 0.49 * Double(sampleRate)) / Double(sampleRate)
        return (Foundation.cos(w), Foundation.sin(w))
    }

    static func lowPass(_ frequency: Double, q: Double = 0.7071, sampleRate: Int) -> Biquad {
        let (c, s) = omega(frequency, sampleRate)
        let alpha = s / (2 * q)
        return Biquad(b0: (1 - c) / 2, b1: 1 - c, b2: (1 - c) / 2, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    static func highPass(_ frequency: Double, q: Double = 0.7071, sampleRate: Int) -> Biquad {
        let (c, s) = omega(frequency, sampleRate)
        let alpha = s / (2 * q)
        return Biquad(b0: (1 + c) / 2, b1: -(1 + c), b2: (1 + c) / 2, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    /// A bell of `gainDB` at `frequency`.
    static func peaking(_ frequency: Double, gainDB: Double, q: Double, sampleRate: Int) -> Biquad {
        let (c, s) = omega(frequency, sampleRate)
        let alpha = s / (2 * q)
        let a = pow(10, gainDB / 40)
        return Biquad(
            b0: 1 + alpha * a, b1: -2 * c, b2: 1 - alpha * a, a0: 1 + alpha / a, a1: -2 * c, a2: 1 - alpha / a)
    }

    /// A high shelf (shelf slope 1): 0 dB at DC, `gainDB` above `frequency`.
    static func highShelf(_ frequency: Double, gainDB: Double, sampleRate: Int) -> Biquad {
        let (c, s) = omega(frequency, sampleRate)
        let a = pow(10, gainDB / 40)
        let twoRootAAlpha = (2 * a).squareRoot() * s  // 2·√A·α with α = sin ω · √2 / 2
        return Biquad(
            b0: a * ((a + 1) + (a - 1) * c + twoRootAAlpha), b1: -2 * a * ((a - 1) + (a + 1) * c),
            b2: a * ((a + 1) + (a - 1) * c - twoRootAAlpha), a0: (a + 1) - (a - 1) * c + twoRootAAlpha,
            a1: 2 * ((a - 1) - (a + 1) * c), a2: (a + 1) - (a - 1) * c - twoRootAAlpha)
    }

    /// Filters `signal` in place (direct form I, state from zero).
    func apply(_ signal: inout [Float]) {
        var x1 = 0.0
        var x2 = 0.0
        var y1 = 0.0
        var y2 = 0.0
        for index in signal.indices {
            let x = Double(signal[index])
            let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            x2 = x1
            x1 = x
            y2 = y1
            y1 = y
            signal[index] = Float(y)
        }
    }
}
