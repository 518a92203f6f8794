import Testing

@testable import SpokenNN

/// The four-lane output stage against the scalar one (itself tested against exact 128-bit definitions in
/// `FixedPointTests`), lane by lane, over edge and random accumulators, multipliers and shifts.
@Suite("ChannelRequantizer")
struct ChannelRequantizerTests {
    @Test("four lanes give what the scalar MultiplyByQuantizedMultiplier + zero point + clamp gives, lane by lane")
    func matchesScalar() {
        var generator = SplitMix64(state: 0x5EED_4EC0)
        let multipliers: [Int32] = [0, 1, 1 << 30, (1 << 30) + 1, 1_518_500_250, .max - 1, .max]
        let shifts: [Int32] = [-31, -30, -17, -8, -1, 0, 1, 2, 7, 30, 31]
        let ranges = [ActivationRange.int8, ActivationRange(min: -5, max: 90)]
        var checked = 0
        for trial in 0..<4000 {
            let multiplier =
                trial < multipliers.count * shifts.count
                ? multipliers[trial % multipliers.count]
                : Int32.random(in: (1 << 30)...Int32.max, using: &generator)
            let shift =
                trial < multipliers.count * shifts.count
                ? shifts[trial / multipliers.count] : Int32.random(in: -31...(-1), using: &generator)
            let zeroPoint = Int32.random(in: -128...127, using: &generator)
            let activation = ranges[trial % 2]
            let r = ChannelRequantizer(
                multiplier: multiplier, shift: shift, zeroPoint: zeroPoint, activation: activation)
            #expect(r.isVectorizable == (shift < 0))
            guard r.isVectorizable else { continue }
            let edges: [Int32] = [.min, .min + 1, -(1 << 30), -2, -1, 0, 1, 2, 1 << 30, .max]
            let x = SIMD4<Int32>(
                (0..<4).map { lane in
                    lane == 0 && trial % 3 == 0
                        ? edges[trial / 3 % edges.count]
                        : Int32(truncatingIfNeeded: Int64(bitPattern: generator.next()) >> Int64(trial % 40))
                })
            let y = r(x)
            for lane in 0..<4 {
                let expected = activation.requantize(
                    x[lane], multiplier: multiplier, shift: shift, zeroPoint: zeroPoint)
                #expect(Int8(truncatingIfNeeded: y[lane]) == expected, "x \(x[lane]) m \(multiplier) shift \(shift)")
                checked += 1
            }
        }
        #expect(checked > 15000)
    }

    @Test(
        "a strided run requantizes every element, the tail past the last four included, vector or scalar",
        arguments: [-9, 0, 3] as [Int32])
    func stridedRun(shift: Int32) {
        var generator = SplitMix64(state: 7)
        let sums = (0..<(3 * 11)).map { _ in Int32.random(in: -100_000...100_000, using: &generator) }
        let r = ChannelRequantizer(multiplier: 1_300_000_000, shift: shift, zeroPoint: -3, activation: .int8)
        var output = [Int8](repeating: 0, count: 2 * 11)
        sums.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                r.run(source.baseAddress! + 1, stride: 3, into: destination.baseAddress!, stride: 2, count: 11)
            }
        }
        for i in 0..<11 {
            #expect(output[2 * i] == r.scalar(sums[1 + 3 * i]))
            #expect(output[2 * i + 1] == 0)
        }
    }
}
