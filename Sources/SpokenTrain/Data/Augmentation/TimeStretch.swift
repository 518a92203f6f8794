import Foundation

/// Tempo change without pitch change: WSOLA (Verhelst and Roelands, 1993), waveform-similarity overlap-add.
///
/// The output is built from Hann-windowed frames that overlap by half; each frame is read near its nominal place in
/// the input (`rate` times the output position) at the offset, within `tolerance`, where its first half looks most
/// like the second half of the frame before it (the part they overlap in). So periods of the voice join up and the
/// pitch is kept, while the duration becomes `1 / rate` of the input's.
enum TimeStretch {
    /// `signal` played `rate` times as fast (rate 1.25: 20% shorter), same pitch. 20 ms frames, ±5 ms search.
    static func apply(_ signal: [Float], rate: Double, sampleRate: Int) -> [Float] {
        let frame = max(8, sampleRate / 50) & ~1
        let hop = frame / 2
        let tolerance = sampleRate / 200
        let outputCount = Int((Double(signal.count) / rate).rounded())
        guard signal.count > frame + 2 * tolerance, outputCount > frame else { return signal }
        let window = (0..<frame).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(frame))) }
        // Zeros around the signal, so every read below is in bounds without a test per sample.
        let margin = frame + tolerance + 1
        let padded = [Float](repeating: 0, count: margin) + signal + [Float](repeating: 0, count: 2 * margin)
        let lastStart = signal.count + margin - 1
        var output = [Float](repeating: 0, count: outputCount + frame)
        padded.withUnsafeBufferPointer { input in
            let base = input.baseAddress! + margin
            var previous = 0
            var start = 0
            while start < outputCount {
                let nominal = min(Int((Double(start) * rate).rounded()), lastStart - tolerance)
                var chosen = nominal
                if start > 0 {
                    // Where the next frame would have come from unstretched: the previous one's continuation.
                    let natural = base + previous + hop
                    var best = -Float.infinity
                    for offset in -tolerance...tolerance {
                        let candidate = base + nominal + offset
                        let score = dot(candidate, natural, hop)
                        if score > best {
                            best = score
                            chosen = nominal + offset
                        }
                    }
                }
                for index in 0..<frame { output[start + index] += window[index] * base[chosen + index] }
                previous = chosen
                start += hop
            }
        }
        return Array(output.prefix(outputCount))
    }

    /// `Σ a[i]·b[i]` over `count` floats, eight lanes at a time (the search's inner loop), in a fixed order.
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        while index + 8 <= count {
            let offset = index * MemoryLayout<Float>.stride
            lanes +=
                rawA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            index += 8
        }
        var sum = lanes.sum()
        while index < count {
            sum += a[index] * b[index]
            index += 1
        }
        return sum
    }
}
