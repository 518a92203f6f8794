import Foundation

/// Tempo change without pitch change: WSOLA (Verhelst and Roelands, 1993), waveform-similarity overlap-add.
///
/// The output is built from Hann-windowed frames that overlap by half; each frame is read near its nominal place in
/// the input (`rate` times the output position) at the offset, within `tolerance`, where the input looks most like
/// the natural continuation of the frame before it. So periods of the voice join up and the pitch is kept, while
/// the duration becomes `1 / rate` of the input's.
enum TimeStretch {
    /// `signal` played `rate` times as fast (rate 1.25: 20% shorter), same pitch. 20 ms frames, ±5 ms search.
    static func apply(_ signal: [Float], rate: Double, sampleRate: Int) -> [Float] {
        let frame = max(8, sampleRate / 50) & ~1
        let hop = frame / 2
        let tolerance = sampleRate / 200
        let outputCount = Int((Double(signal.count) / rate).rounded())
        guard signal.count > frame + 2 * tolerance, outputCount > frame else { return signal }
        let window = (0..<frame).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(frame))) }
        var output = [Float](repeating: 0, count: outputCount + frame)
        // Read positions are kept inside the signal; zeros beyond it.
        func sample(_ index: Int) -> Float { index >= 0 && index < signal.count ? signal[index] : 0 }
        var previous = 0
        var start = 0
        while start < outputCount {
            let nominal = Int((Double(start) * rate).rounded())
            var chosen = nominal
            if start > 0 {
                // The continuation of the previous frame is where the next frame would have come from unstretched.
                let natural = previous + hop
                var best = -Float.infinity
                for offset in -tolerance...tolerance {
                    let candidate = nominal + offset
                    var score: Float = 0
                    for index in stride(from: 0, to: frame, by: 4) {
                        score += sample(candidate + index) * sample(natural + index)
                    }
                    if score > best {
                        best = score
                        chosen = candidate
                    }
                }
            }
            for index in 0..<frame { output[start + index] += window[index] * sample(chosen + index) }
            previous = chosen
            start += hop
        }
        return Array(output.prefix(outputCount))
    }
}
