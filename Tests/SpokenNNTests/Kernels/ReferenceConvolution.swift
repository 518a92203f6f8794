@testable import SpokenNN

/// TFLM's reference convolution loops written out literally (`ConvPerChannel`, `DepthwiseConvPerChannel`,
/// `FullyConnectedPerChannel`): taps outside the image skipped, `filter * (input + inputOffset)` accumulated in
/// int64 here (so an int32 overflow would show as a mismatch), then the TFLM output stage. The optimized kernels
/// must agree with these on random data.
enum ReferenceConvolution {
    static func outputStage(_ sum: Int64, _ p: ConvolutionParameters, channel: Int) -> Int8 {
        let m = p.multipliers[channel]
        return p.activation.requantize(
            Int32(truncatingIfNeeded: sum), multiplier: m.multiplier, shift: m.shift, zeroPoint: p.outputZeroPoint)
    }

    static func conv(_ p: ConvolutionParameters, input: [Int8], filter: [Int8], bias: [Int32]?) -> [Int8] {
        var output = [Int8](repeating: 0, count: p.outputCount)
        let inputOffset = -Int64(p.inputZeroPoint)
        for b in 0..<p.batches {
            for oy in 0..<p.outputHeight {
                for ox in 0..<p.outputWidth {
                    for oc in 0..<p.outputDepth {
                        var acc: Int64 = 0
                        for fy in 0..<p.filterHeight {
                            let iy = oy * p.strideHeight - p.padTop + fy * p.dilationHeight
                            for fx in 0..<p.filterWidth {
                                let ix = ox * p.strideWidth - p.padLeft + fx * p.dilationWidth
                                guard iy >= 0, iy < p.inputHeight, ix >= 0, ix < p.inputWidth else { continue }
                                for ic in 0..<p.inputDepth {
                                    let x = Int64(
                                        input[((b * p.inputHeight + iy) * p.inputWidth + ix) * p.inputDepth + ic])
                                    let w = Int64(
                                        filter[((oc * p.filterHeight + fy) * p.filterWidth + fx) * p.inputDepth + ic])
                                    acc += w * (x + inputOffset)
                                }
                            }
                        }
                        acc += Int64(bias?[oc] ?? 0)
                        output[((b * p.outputHeight + oy) * p.outputWidth + ox) * p.outputDepth + oc] =
                            outputStage(acc, p, channel: oc)
                    }
                }
            }
        }
        return output
    }

    static func depthwise(_ p: ConvolutionParameters, input: [Int8], filter: [Int8], bias: [Int32]) -> [Int8] {
        var output = [Int8](repeating: 0, count: p.outputCount)
        let inputOffset = -Int64(p.inputZeroPoint)
        for b in 0..<p.batches {
            for oy in 0..<p.outputHeight {
                for ox in 0..<p.outputWidth {
                    for ic in 0..<p.inputDepth {
                        for m in 0..<p.depthMultiplier {
                            let oc = m + ic * p.depthMultiplier
                            var acc: Int64 = 0
                            for fy in 0..<p.filterHeight {
                                for fx in 0..<p.filterWidth {
                                    let iy = oy * p.strideHeight - p.padTop + fy * p.dilationHeight
                                    let ix = ox * p.strideWidth - p.padLeft + fx * p.dilationWidth
                                    guard iy >= 0, iy < p.inputHeight, ix >= 0, ix < p.inputWidth else { continue }
                                    let x = Int64(
                                        input[((b * p.inputHeight + iy) * p.inputWidth + ix) * p.inputDepth + ic])
                                    let w = Int64(filter[(fy * p.filterWidth + fx) * p.outputDepth + oc])
                                    acc += w * (x + inputOffset)
                                }
                            }
                            acc += Int64(bias[oc])
                            output[((b * p.outputHeight + oy) * p.outputWidth + ox) * p.outputDepth + oc] =
                                outputStage(acc, p, channel: oc)
                        }
                    }
                }
            }
        }
        return output
    }
}
