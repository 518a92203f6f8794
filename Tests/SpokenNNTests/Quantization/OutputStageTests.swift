import Testing

@testable import SpokenNN

/// The 16-lane output stage against the scalar one (itself tested against exact 128-bit definitions in
/// `FixedPointTests`), lane by lane, over edge and random accumulators, multipliers and shifts.
@Suite("OutputStage")
struct OutputStageTests {
    /// Channels of random multipliers and shifts with `edges` mixed in, and random or edge accumulators.
    static func check(multipliers: [Int32], shifts: [Int32], seed: UInt64, inLanes: Bool) {
        var generator = SplitMix64(state: seed)
        let activations = [ActivationRange.int8, ActivationRange(min: -5, max: 90)]
        let edges: [Int32] = [.min, .min + 1, -(1 << 30), -2, -1, 0, 1, 2, 1 << 30, .max]
        for (trial, activation) in (0..<64).map({ ($0, activations[$0 % 2]) }) {
            let zeroPoint = Int32.random(in: -128...127, using: &generator)
            let channels = ChannelMultipliers(multipliers: multipliers, shifts: shifts)
            let stage = OutputStage(channels, zeroPoint: zeroPoint, activation: activation)
            #expect(stage.isExactInLanes == inLanes)
            for block in 0..<((multipliers.count + 15) / 16) {
                let x = FixedPoint.Lanes(
                    (0..<16).map { lane in
                        lane % 3 == 0
                            ? edges[(trial + lane) % edges.count]
                            : Int32(truncatingIfNeeded: Int64(bitPattern: generator.next()) >> Int64(trial % 40))
                    })
                var y = [Int8](repeating: 0, count: 16)
                y.withUnsafeMutableBufferPointer { stage.store(x, block: block, into: $0.baseAddress!, count: 16) }
                // Accumulators come in ByteLanes order, outputs in channel order.
                for index in 0..<16 where 16 * block + index < multipliers.count {
                    let (c, sum) = (16 * block + index, x[ByteLanes.lane(of: index)])
                    let expected = activation.requantize(
                        sum, multiplier: multipliers[c], shift: shifts[c], zeroPoint: zeroPoint)
                    #expect(y[index] == expected, "x \(sum) m \(multipliers[c]) shift \(shifts[c])")
                }
            }
        }
    }

    @Test("16 lanes give what the scalar MultiplyByQuantizedMultiplier + zero point + clamp gives, lane by lane")
    func matchesScalar() {
        var generator = SplitMix64(state: 0x5EED_4EC0)
        // A zero multiplier (a zero filter scale) takes any shift.
        let edgeMultipliers: [Int32] = [0, 1, 1 << 30, (1 << 30) + 1, 1_518_500_250, .max - 1, .max, 0]
        let edgeShifts: [Int32] = [-31, -30, -17, -8, -1, -2, -1, 5]
        let count = 37
        let multipliers = (0..<count).map {
            $0 < edgeMultipliers.count
                ? edgeMultipliers[$0] : Int32.random(in: (1 << 30)...Int32.max, using: &generator)
        }
        let shifts = (0..<count).map {
            $0 < edgeShifts.count ? edgeShifts[$0] : Int32.random(in: -31...(-1), using: &generator)
        }
        Self.check(multipliers: multipliers, shifts: shifts, seed: 1, inLanes: true)
    }

    @Test("a multiplier of Int32.min, a shift outside -31...-1 (hostile or large scales) falls back to the scalar form")
    func hostileMultipliers() {
        for (multiplier, shift) in [(Int32.min, -3), (1 << 30, -40), (1 << 30, 0), (1_300_000_000, 1), (.max, 31)] {
            Self.check(
                multipliers: [-(1 << 30), multiplier, 1_300_000_000] + Array(repeating: 1 << 30, count: 14),
                shifts: [-3, Int32(shift), -12] + Array(repeating: -1, count: 14), seed: 2, inLanes: false)
        }
    }

    @Test("store writes exactly count values", arguments: [1, 5, 16])
    func storeCount(count: Int) {
        let stage = OutputStage(
            ChannelMultipliers(
                multipliers: Array(repeating: 1 << 30, count: 16), shifts: Array(repeating: -1, count: 16)),
            zeroPoint: 0, activation: .int8)
        #expect(stage.isExactInLanes)
        var output = [Int8](repeating: 99, count: 17)
        output.withUnsafeMutableBufferPointer {
            stage.store(FixedPoint.Lanes(repeating: 20), block: 0, into: $0.baseAddress!, count: count)
        }
        #expect(output == Array(repeating: 5, count: count) + Array(repeating: 99, count: 17 - count))
    }
}
