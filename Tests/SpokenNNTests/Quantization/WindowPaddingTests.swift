import Testing

@testable import SpokenNN

@Suite("WindowPadding and ActivationRange")
struct WindowPaddingTests {
    @Test("DS-CNN's first layer: 49x10, 10x4 filter, stride 2, SAME")
    func dscnn() {
        let p = WindowPadding(
            padding: .same, inputHeight: 49, inputWidth: 10, filterHeight: 10, filterWidth: 4, strideHeight: 2,
            strideWidth: 2)
        // out = ceil(49/2) = 25, total = 24*2 + 10 - 49 = 9 -> 4 above, 1 extra below.
        #expect(p.outputHeight == 25 && p.top == 4 && p.heightOffset == 1)
        // out = 5, total = 4*2 + 4 - 10 = 2 -> 1 left, none extra.
        #expect(p.outputWidth == 5 && p.left == 1 && p.widthOffset == 0)
    }

    @Test("VALID has no padding and shrinks by the effective filter")
    func valid() {
        let p = WindowPadding(
            padding: .valid, inputHeight: 11, inputWidth: 9, filterHeight: 3, filterWidth: 2, strideHeight: 2,
            strideWidth: 2)
        #expect(p.outputHeight == 5 && p.outputWidth == 4 && p.top == 0 && p.left == 0)
    }

    @Test("dilation widens the effective filter")
    func dilation() {
        let same = WindowPadding(
            padding: .same, inputHeight: 10, inputWidth: 10, filterHeight: 3, filterWidth: 3, strideHeight: 1,
            strideWidth: 1, dilationHeight: 2, dilationWidth: 2)
        #expect(same.outputHeight == 10 && same.top == 2 && same.heightOffset == 0)
        let valid = WindowPadding(
            padding: .valid, inputHeight: 10, inputWidth: 10, filterHeight: 3, filterWidth: 3, strideHeight: 1,
            strideWidth: 1, dilationHeight: 3, dilationWidth: 1)
        #expect(valid.outputHeight == 4 && valid.outputWidth == 8)
    }

    @Test("SAME never pads negatively when the stride exceeds the filter")
    func largeStride() {
        let p = WindowPadding(
            padding: .same, inputHeight: 9, inputWidth: 9, filterHeight: 1, filterWidth: 1, strideHeight: 4,
            strideWidth: 4)
        // out = 3, total = 2*4 + 1 - 9 = 0.
        #expect(p.outputHeight == 3 && p.top == 0 && p.heightOffset == 0)
        let wide = WindowPadding(
            padding: .same, inputHeight: 10, inputWidth: 10, filterHeight: 1, filterWidth: 1, strideHeight: 4,
            strideWidth: 4)
        // out = 3, total = 2*4 + 1 - 10 = -1, clamped to 0.
        #expect(wide.outputHeight == 3 && wide.top == 0 && wide.heightOffset == 0)
    }

    @Test("fused activations clamp at the quantized 0, 6, -1 and 1, within int8")
    func activation() {
        // scale 0.05, zero point -10: 0.0 -> -10, 6.0 -> 110, -1.0 -> -30, 1.0 -> 10.
        #expect(ActivationRange(.none, scale: 0.05, zeroPoint: -10) == ActivationRange(min: -128, max: 127))
        #expect(ActivationRange(.relu, scale: 0.05, zeroPoint: -10) == ActivationRange(min: -10, max: 127))
        #expect(ActivationRange(.relu6, scale: 0.05, zeroPoint: -10) == ActivationRange(min: -10, max: 110))
        #expect(ActivationRange(.reluN1To1, scale: 0.05, zeroPoint: -10) == ActivationRange(min: -30, max: 10))
        // A wide scale: 6.0 is beyond int8 and clamps at 127; a zero point below -128 clamps at -128.
        #expect(ActivationRange(.relu6, scale: 0.01, zeroPoint: -128) == ActivationRange(min: -128, max: 127))
        // Rounding half away from zero: 1.0 / 0.4 = 2.5 -> 3.
        #expect(ActivationRange(.reluN1To1, scale: 0.4, zeroPoint: 0) == ActivationRange(min: -3, max: 3))
        #expect(ActivationRange(.tanh, scale: 0.1, zeroPoint: 0) == nil)
    }

    @Test("a scale so small that 6.0 / scale overflows int32 saturates instead of trapping (found by fuzzing)")
    func tinyScale() {
        #expect(ActivationRange(.relu6, scale: 1e-38, zeroPoint: 127) == ActivationRange(min: 127, max: 127))
        #expect(ActivationRange(.reluN1To1, scale: .leastNonzeroMagnitude, zeroPoint: -3) == ActivationRange())
    }
}
