import Foundation
import SpokenDSP

/// A room: the signal convolved with a random exponentially decaying impulse response, plus the direct sound.
///
/// The response is velvet noise (Järveläinen and Karjalainen, 2007): one ±1 pulse at a random place in every
/// `1 / density` seconds, under an envelope that falls 60 dB in `rt60` seconds, with a few strong early reflections
/// in its first 30 ms. Perceptually a smooth dense tail, but sparse, so the convolution costs a few hundred
/// multiply-adds per sample instead of a whole FFT convolution. A one-pole low-pass on the tail stands in for the
/// walls' absorption of high frequencies.
struct Reverberation {
    /// Delays in samples and gains of the impulse response (the direct sound excluded).
    private(set) var delays: [Int] = []
    private(set) var gains: [Float] = []
    /// Energy of the tail against the direct sound: the direct-to-reverberant ratio, in dB.
    let directToReverberantDB: Double
    let damping: Float
    /// Samples of tail kept after the signal's end: the corpus's trim margin (`SpeechSpan`, 50 ms), so the utterance stays where
    /// the front end's frame fitting puts it and the tail does not push its start out of the window.
    let keptTail: Int

    /// A random room with reverberation time `rt60` seconds.
    init(rt60: Double, directToReverberantDB: Double, sampleRate: Int, random: inout SplitMix64) {
        self.directToReverberantDB = directToReverberantDB
        damping = Float(random.uniform(0.2...0.6))
        keptTail = SpeechSpan.marginSamples(sampleRate: sampleRate)
        let length = Int(rt60 * Double(sampleRate))
        let spacing = max(1, sampleRate / 1200)
        let decay = -6.907755 / (rt60 * Double(sampleRate))  // ln(10⁻³) per sample: −60 dB after rt60.
        for _ in 0..<random.integer(3...6) {
            let delay = random.integer((sampleRate / 500)...(sampleRate * 3 / 100))
            delays.append(delay)
            gains.append(Float(random.uniform(0.3...0.7) * exp(decay * Double(delay))) * (random.chance(0.5) ? 1 : -1))
        }
        var start = sampleRate / 200
        while start + spacing < length {
            let delay = start + random.integer(0...(spacing - 1))
            delays.append(delay)
            gains.append(Float(exp(decay * Double(delay))) * (random.chance(0.5) ? 1 : -1))
            start += spacing
        }
        let energy = gains.reduce(0) { $0 + Double($1) * Double($1) }
        // Scale the tail so its energy sits `directToReverberantDB` below the direct sound's.
        let scale = Float((pow(10, -directToReverberantDB / 10) / max(energy, 1e-12)).squareRoot())
        gains = gains.map { $0 * scale }
    }

    /// The reverberant signal, `keptTail` samples longer than `signal`, at the input's level.
    func apply(_ signal: [Float]) -> [Float] {
        var wet = [Float](repeating: 0, count: signal.count + keptTail)
        signal.withUnsafeBufferPointer { source in
            wet.withUnsafeMutableBufferPointer { output in
                for (delay, gain) in zip(delays, gains) where delay < output.count {
                    let target = output.baseAddress! + delay
                    for index in 0..<min(source.count, output.count - delay) { target[index] += gain * source[index] }
                }
            }
        }
        var state: Float = 0
        for index in wet.indices {
            state += (1 - damping) * (wet[index] - state)
            wet[index] = state
        }
        for index in signal.indices { wet[index] += signal[index] }
        let level = Float((Signal.power(signal) / max(Signal.power(wet), 1e-20)).squareRoot())
        return wet.map { $0 * level }
    }
}
