import Foundation
import TestSupport
import Testing

@testable import SpokenDSP

@Suite("Resampler")
struct ResamplerTests {
    /// The rate pairs users meet: common file rates to the front end's 16 kHz and back.
    static let pairs: [(Int, Int)] =
        [8000, 11025, 22050, 44100, 48000].map { ($0, 16000) } + [8000, 11025, 22050, 44100, 48000].map { (16000, $0) }

    @Test("equals scipy.signal.resample_poly with the same taps", arguments: ResamplerFixture.cases)
    func matchesResamplePoly(fixture: ResamplerFixture) throws {
        let filter = try ResamplerFilter(inputRate: fixture.inputRate, outputRate: fixture.outputRate)
        #expect(filter.up == fixture.up && filter.down == fixture.down)
        #expect(filter.tapCount == fixture.numtaps)
        #expect(abs(filter.beta - fixture.beta) < 1e-12)
        if let reference = try fixture.taps() {
            // The design in Double against scipy's firwin + Kaiser window: equal to rounding.
            let taps = filter.taps()
            let worst = zip(taps, reference).map { abs($0 - $1) }.max() ?? .infinity
            #expect(taps.count == reference.count && worst < 1e-12, "taps differ by \(worst)")
        }
        let output = try Resampler.resample(fixture.input(), from: fixture.inputRate, to: fixture.outputRate)
        let reference = try fixture.output()
        #expect(output.count == reference.count)
        // scipy works in float64; spokend keeps float32 taps and sums float32 products in two 8-lane accumulators.
        // For |x| ≤ 1 the error is at most (terms per lane + 8) · 2⁻²⁴ · Σ|h| with ≤ 22 terms per lane and a branch
        // L1 norm Σ|h| ≤ 1.3, i.e. < 3e-6; measured it is ≤ 2.1e-7. The tolerance, 1e-6, is between the two: a wrong
        // tap, a misaligned sample or a lost half-sample of delay is orders of magnitude larger.
        let worst = zip(output, reference).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(worst < 1e-6, "\(fixture.name): max abs difference \(worst)")
    }

    @Test(
        "streaming in chunks of 1, 7, 160 or 4096 samples gives exactly the one-shot output",
        arguments: [1, 7, 160, 4096], [(44100, 16000), (16000, 44100), (48000, 16000), (11025, 16000), (16000, 8000)])
    func chunkingInvariance(chunk: Int, rates: (Int, Int)) throws {
        let input = Self.noise(count: rates.0 / 4, seed: UInt64(chunk))
        let oneShot = try Resampler.resample(input, from: rates.0, to: rates.1)
        let resampler = try Resampler(from: rates.0, to: rates.1)
        var streamed: [Float] = []
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunk)
            streamed += resampler.process(Array(input[start..<end]))
            start = end
        }
        streamed += resampler.flush()
        #expect(streamed.count == (input.count * resampler.up + resampler.down - 1) / resampler.down)
        #expect(streamed == oneShot)
        // After `flush` the resampler starts a new stream: the same input gives the same output again.
        #expect(resampler.process(input) + resampler.flush() == oneShot)
    }

    @Test(
        "a tone above the output's Nyquist frequency comes out at least 80 dB down",
        arguments: pairs.filter { $0.0 > $0.1 })
    func stopband(rates: (Int, Int)) throws {
        let nyquist = Double(rates.1) / 2
        for frequency in [nyquist * 1.005, nyquist * 1.25, Double(rates.0) * 0.49] {
            let input = Self.tone(frequency, rate: rates.0, seconds: 0.25)
            let resampler = try Resampler(from: rates.0, to: rates.1)
            let output = resampler.process(input) + resampler.flush()
            let steady = Self.steadyState(output, resampler: resampler)
            let level = Self.decibels(Self.rms(steady) / (1 / 2.0.squareRoot()))
            #expect(level <= -80, "\(rates.0) → \(rates.1) Hz, tone at \(frequency) Hz: \(level) dB")
        }
    }

    @Test(
        "an in-band tone keeps its amplitude within 0.002 dB, and everything else is at least 80 dB down",
        arguments: pairs)
    func passband(rates: (Int, Int)) throws {
        let nyquist = Double(min(rates.0, rates.1)) / 2
        for frequency in [100, 1000, nyquist * 0.85] {
            let input = Self.tone(frequency, rate: rates.0, seconds: 0.25)
            let resampler = try Resampler(from: rates.0, to: rates.1)
            let output = resampler.process(input) + resampler.flush()
            let steady = Self.steadyState(output, resampler: resampler)
            let (amplitude, residual) = Self.fitTone(steady, frequency: frequency, rate: rates.1)
            let ripple = Self.decibels(amplitude)
            let rest = Self.decibels(residual / (amplitude / 2.0.squareRoot()))
            #expect(abs(ripple) <= 0.002, "\(rates.0) → \(rates.1) Hz, \(frequency) Hz: gain \(ripple) dB")
            #expect(rest <= -80, "\(rates.0) → \(rates.1) Hz, \(frequency) Hz: images/aliases at \(rest) dB")
        }
    }

    @Test("the fixtures cover every rate pair")
    func fixturesPresent() {
        #expect(
            Set(ResamplerFixture.cases.map { "\($0.inputRate)_\($0.outputRate)" })
                == Set(Self.pairs.map { "\($0.0)_\($0.1)" }))
    }

    /// The committed fixtures are what the committed script makes (numbers within a few ulps: numpy's SIMD sin/cos
    /// may differ in the last bit on another CPU).
    @Test(
        "Scripts/make_resampler_fixtures.py regenerates the committed fixtures",
        .enabled(if: PythonReference.isAvailable))
    func fixturesReproducible() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-resampler-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try PythonReference.run("make_resampler_fixtures.py", [directory.path])
        let made = try ResamplerFixture.load(from: directory)
        #expect(made.map(\.name) == ResamplerFixture.cases.map(\.name))
        for (fresh, kept) in zip(made, ResamplerFixture.cases) {
            #expect(fresh.numtaps == kept.numtaps && fresh.up == kept.up && fresh.down == kept.down)
            let inputs = zip(try fresh.input(), try kept.input()).map { abs($0 - $1) }
            let outputs = zip(try fresh.output(), try kept.output()).map { abs($0 - $1) }
            #expect(inputs.count == kept.inputCount && inputs.max()! <= 1e-6, "\(kept.name) input")
            #expect(outputs.count == kept.outputCount && outputs.max()! <= 1e-6, "\(kept.name) output")
        }
    }

    @Test("equal rates pass samples through unchanged, with no delay")
    func identity() throws {
        let input = Self.noise(count: 1000, seed: 3)
        #expect(try Resampler.resample(input, from: 16000, to: 16000) == input)
        let resampler = try Resampler(from: 16000, to: 16000)
        #expect(resampler.process(Array(input[0..<7])) == Array(input[0..<7]))
        #expect(resampler.flush().isEmpty)
        #expect(resampler.lookahead == 0)
    }

    @Test("rates that are not positive, or whose ratio needs an absurd filter, are refused")
    func invalidRates() {
        #expect(throws: DSPError.self) { try Resampler(from: 0, to: 16000) }
        #expect(throws: DSPError.self) { try Resampler(from: 16000, to: -8000) }
        #expect(throws: DSPError.self) { try Resampler(from: 44100, to: 44099) }
    }

    @Test("outputs are counted exactly: process never exceeds its bound and flush returns what is pending")
    func outputCounts() throws {
        let resampler = try Resampler(from: 44100, to: 16000)
        var total = 0
        for count in [0, 1, 440, 441, 3000] {
            let output = resampler.process([Float](repeating: 0.5, count: count))
            #expect(output.count <= resampler.maximumOutputCount(forInputCount: count))
            total += output.count
        }
        let pending = resampler.pendingOutputCount
        #expect(resampler.flush().count == pending)
        #expect(total + pending == (3882 * 160 + 440) / 441)
    }

    // MARK: - Signals and measurements

    static func tone(_ frequency: Double, rate: Int, seconds: Double) -> [Float] {
        (0..<Int(Double(rate) * seconds)).map { Float(sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
    }

    static func noise(count: Int, seed: UInt64) -> [Float] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
        }
    }

    /// The output without the filter's run-in and run-out at the zero-padded ends.
    static func steadyState(_ output: [Float], resampler: Resampler) -> ArraySlice<Float> {
        let edge = resampler.lookahead * resampler.up / resampler.down + 2
        return output[edge..<(output.count - edge)]
    }

    static func rms<C: Collection<Float>>(_ samples: C) -> Double {
        (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }

    static func decibels(_ ratio: Double) -> Double { 20 * log10(ratio) }

    /// Least-squares fit of `a·sin + b·cos` at `frequency`: the amplitude and the RMS of what the tone leaves.
    /// Sample `i` of the slice is at time `i / rate` (slices keep their parent's indices).
    static func fitTone(_ samples: ArraySlice<Float>, frequency: Double, rate: Int) -> (Double, Double) {
        var (ss, sc, cc, ys, yc) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for (index, sample) in zip(samples.indices, samples) {
            let phase = 2 * Double.pi * frequency * Double(index) / Double(rate)
            let (s, c, y) = (sin(phase), cos(phase), Double(sample))
            ss += s * s
            sc += s * c
            cc += c * c
            ys += y * s
            yc += y * c
        }
        let determinant = ss * cc - sc * sc
        let a = (ys * cc - yc * sc) / determinant
        let b = (yc * ss - ys * sc) / determinant
        var residual = 0.0
        for (index, sample) in zip(samples.indices, samples) {
            let phase = 2 * Double.pi * frequency * Double(index) / Double(rate)
            let error = Double(sample) - a * sin(phase) - b * cos(phase)
            residual += error * error
        }
        return ((a * a + b * b).squareRoot(), (residual / Double(samples.count)).squareRoot())
    }
}
