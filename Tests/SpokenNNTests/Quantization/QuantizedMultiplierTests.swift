import Foundation
import Testing

@testable import SpokenNN

@Suite("QuantizedMultiplier")
struct QuantizedMultiplierTests {
    @Test("zero and powers of two")
    func exactValues() {
        #expect(QuantizedMultiplier(0) == QuantizedMultiplier(multiplier: 0, shift: 0))
        #expect(QuantizedMultiplier(1) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        #expect(QuantizedMultiplier(0.5) == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        #expect(QuantizedMultiplier(0.25) == QuantizedMultiplier(multiplier: 1 << 30, shift: -1))
        #expect(QuantizedMultiplier(3) == QuantizedMultiplier(multiplier: 3 << 29, shift: 2))
    }

    @Test("a mantissa that rounds up to 2^31 carries into the shift")
    func carry() {
        // frexp gives q = 1 - 2^-40; q * 2^31 rounds to 2^31, which TFLM halves and compensates in the shift.
        let real = 1 - Foundation.pow(2.0, -40.0)
        #expect(QuantizedMultiplier(real) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
    }

    @Test("rounding of the mantissa is half away from zero")
    func halfAwayFromZero() {
        // q = 0.5 + 2^-32 exactly: q * 2^31 = 2^30 + 0.5, which rounds up.
        let real = 0.5 + Foundation.pow(2.0, -32.0)
        #expect(QuantizedMultiplier(real) == QuantizedMultiplier(multiplier: (1 << 30) + 1, shift: 0))
    }

    @Test("multipliers below 2^-31 flush to zero")
    func flushToZero() {
        #expect(QuantizedMultiplier(Foundation.pow(2.0, -32.0)) == QuantizedMultiplier(multiplier: 1 << 30, shift: -31))
        #expect(QuantizedMultiplier(Foundation.pow(2.0, -33.0)) == QuantizedMultiplier(multiplier: 0, shift: 0))
        #expect(QuantizedMultiplier(1e-12) == QuantizedMultiplier(multiplier: 0, shift: 0))
    }

    @Test("equals TFLM's multipliers for every convolution and dense layer of the fixtures")
    func fixtures() throws {
        var checked = 0
        for op in ["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"] {
            for (label, fixture) in KernelFixture.cases(of: op) {
                let x = fixture.inputs[0]!
                let w = fixture.inputs[1]!
                let y = fixture.outputs[0]
                let channels = y.shape.last!
                let computed = ChannelMultipliers(
                    inputScale: x.scale, filterScales: w.scales!, outputScale: y.scale, channels: channels)
                let expected = fixture.tflmMultipliers!
                for channel in 0..<expected.count {
                    #expect(computed[channel].multiplier == expected[channel].multiplier, "\(label) c\(channel)")
                    #expect(computed[channel].shift == expected[channel].shift, "\(label) c\(channel)")
                    checked += 1
                }
            }
        }
        #expect(checked > 500)
    }
}
