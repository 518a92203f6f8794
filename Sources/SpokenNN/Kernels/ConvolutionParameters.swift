/// Everything a CONV_2D or DEPTHWISE_CONV_2D needs at evaluation, computed once when the model loads.
///
/// The fields of TFLM's `ConvParams`/`DepthwiseParams` plus the per-channel multipliers of its `OpDataConv`:
/// NHWC shapes, strides, dilation, the padding from `ComputePaddingHeightWidth`, zero points, the fused-activation
/// clamp and `QuantizeMultiplier(inputScale * filterScale[c] / outputScale)` per output channel.
public struct ConvolutionParameters: Equatable, Sendable {
    public var batches: Int
    public var inputHeight: Int
    public var inputWidth: Int
    public var inputDepth: Int
    public var filterHeight: Int
    public var filterWidth: Int
    public var outputHeight: Int
    public var outputWidth: Int
    public var outputDepth: Int
    public var strideHeight: Int
    public var strideWidth: Int
    public var dilationHeight: Int
    public var dilationWidth: Int
    public var padTop: Int
    public var padLeft: Int
    /// Output channels per input channel of a depthwise convolution; 1 for CONV_2D.
    public var depthMultiplier: Int
    public var inputZeroPoint: Int32
    public var outputZeroPoint: Int32
    public var activation: ActivationRange
    public var multipliers: ChannelMultipliers

    public init(
        batches: Int, inputHeight: Int, inputWidth: Int, inputDepth: Int, filterHeight: Int, filterWidth: Int,
        outputHeight: Int, outputWidth: Int, outputDepth: Int, strideHeight: Int, strideWidth: Int,
        dilationHeight: Int, dilationWidth: Int, padTop: Int, padLeft: Int, depthMultiplier: Int,
        inputZeroPoint: Int32, outputZeroPoint: Int32, activation: ActivationRange, multipliers: ChannelMultipliers
    ) {
        self.batches = batches
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.inputDepth = inputDepth
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.outputHeight = outputHeight
        self.outputWidth = outputWidth
        self.outputDepth = outputDepth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.padTop = padTop
        self.padLeft = padLeft
        self.depthMultiplier = depthMultiplier
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.activation = activation
        self.multipliers = multipliers
    }

    /// Parameters from the operator's tensors and options, as TFLM's Prepare derives them.
    ///
    /// `inputShape` is NHWC. For CONV_2D the filter is OHWI with `outputDepth` filters; for DEPTHWISE_CONV_2D it is
    /// `[1, H, W, inputDepth * depthMultiplier]`. `filterScales` has one scale or one per output channel.
    public init(
        inputShape: [Int], filterHeight: Int, filterWidth: Int, outputDepth: Int, padding: Padding,
        strideHeight: Int, strideWidth: Int, dilationHeight: Int = 1, dilationWidth: Int = 1, depthMultiplier: Int = 1,
        activation: FusedActivation, inputScale: Float, inputZeroPoint: Int32, filterScales: [Float],
        outputScale: Float, outputZeroPoint: Int32
    ) throws(ModelError) {
        guard inputShape.count == 4 else {
            throw ModelError(.malformed, "convolution input must be NHWC, got shape \(inputShape)")
        }
        guard strideHeight > 0, strideWidth > 0, dilationHeight > 0, dilationWidth > 0, filterHeight > 0,
            filterWidth > 0, depthMultiplier > 0
        else {
            throw ModelError(.malformed, "convolution strides, dilations, filter sizes must be positive")
        }
        guard let range = ActivationRange(activation, scale: outputScale, zeroPoint: outputZeroPoint) else {
            throw ModelError(.unsupportedOp, "fused activation \(activation) on an int8 convolution")
        }
        guard filterScales.count == 1 || filterScales.count == outputDepth else {
            throw ModelError(.malformed, "\(filterScales.count) filter scales for \(outputDepth) output channels")
        }
        let window = WindowPadding(
            padding: padding, inputHeight: inputShape[1], inputWidth: inputShape[2], filterHeight: filterHeight,
            filterWidth: filterWidth, strideHeight: strideHeight, strideWidth: strideWidth,
            dilationHeight: dilationHeight, dilationWidth: dilationWidth)
        try window.requireOutput("convolution")
        self.init(
            batches: inputShape[0], inputHeight: inputShape[1], inputWidth: inputShape[2], inputDepth: inputShape[3],
            filterHeight: filterHeight, filterWidth: filterWidth, outputHeight: window.outputHeight,
            outputWidth: window.outputWidth, outputDepth: outputDepth, strideHeight: strideHeight,
            strideWidth: strideWidth, dilationHeight: dilationHeight, dilationWidth: dilationWidth,
            padTop: window.top, padLeft: window.left, depthMultiplier: depthMultiplier,
            inputZeroPoint: inputZeroPoint, outputZeroPoint: outputZeroPoint, activation: range,
            multipliers: ChannelMultipliers(
                inputScale: inputScale, filterScales: filterScales, outputScale: outputScale, channels: outputDepth))
        // The Swift kernels widen the padded image into host scratch (TFLM skips padded taps instead), so a window
        // out of all proportion to its input, such as a hostile dilation or stride, is refused, not allocated.
        guard let bytes = checkedPaddedImageBytes, bytes <= Int(Int32.max) else {
            throw ModelError(
                .unsupportedFeature,
                "convolution window (filter \(filterHeight)×\(filterWidth), stride \(strideHeight)×\(strideWidth), "
                    + "dilation \(dilationHeight)×\(dilationWidth)) is out of proportion to its input \(inputShape)")
        }
    }

    /// Bytes of the padded image widened to int16 (the widest `widenPadded` makes), or nil where computing them
    /// overflows.
    private var checkedPaddedImageBytes: Int? {
        func extent(_ output: Int, _ stride: Int, _ filter: Int, _ dilation: Int) -> Int? {
            let (steps, stepsOverflow) = (output - 1).multipliedReportingOverflow(by: stride)
            let (span, spanOverflow) = (filter - 1).multipliedReportingOverflow(by: dilation)
            let (sum, sumOverflow) = steps.addingReportingOverflow(span)
            return stepsOverflow || spanOverflow || sumOverflow || sum == .max ? nil : sum + 1
        }
        guard let height = extent(outputHeight, strideHeight, filterHeight, dilationHeight),
            let width = extent(outputWidth, strideWidth, filterWidth, dilationWidth)
        else { return nil }
        let (area, areaOverflow) = height.multipliedReportingOverflow(by: width)
        let (bytes, bytesOverflow) = area.multipliedReportingOverflow(by: inputDepth * MemoryLayout<Int16>.stride)
        return areaOverflow || bytesOverflow ? nil : bytes
    }

    /// NHWC element counts.
    public var inputCount: Int { batches * inputHeight * inputWidth * inputDepth }
    public var outputCount: Int { batches * outputHeight * outputWidth * outputDepth }

    /// Rows and columns of the zero-point-padded input the windows read: the input plus padding, cut to what the
    /// last window reaches (VALID windows may leave trailing input rows unread).
    var paddedHeight: Int { (outputHeight - 1) * strideHeight + (filterHeight - 1) * dilationHeight + 1 }
    var paddedWidth: Int { (outputWidth - 1) * strideWidth + (filterWidth - 1) * dilationWidth + 1 }

    /// Values of one padded image (`widenPadded`).
    var paddedImageValues: Int { paddedHeight * paddedWidth * inputDepth }

    /// Copies image `batch` of `input` into `padded`, as int8 or widened to int16 (what the inner loops read) and
    /// surrounded by the input zero point (whose offset-corrected value is 0, so padded taps add nothing, as
    /// TFLM's skipped taps do). The copy has `paddedWidth * inputDepth` values per row.
    func widenPadded<Value: FixedWidthInteger>(
        _ input: UnsafePointer<Int8>, batch: Int, into padded: UnsafeMutablePointer<Value>
    ) {
        let image = input + batch * inputHeight * inputWidth * inputDepth
        let rowCount = paddedWidth * inputDepth
        let zero = Value(truncatingIfNeeded: inputZeroPoint)
        let copyWidth = max(0, min(inputWidth, paddedWidth - padLeft)) * inputDepth
        let left = padLeft * inputDepth
        for row in 0..<paddedHeight {
            let destination = padded + row * rowCount
            let inputRow = row - padTop
            guard inputRow >= 0 && inputRow < inputHeight else {
                destination.update(repeating: zero, count: rowCount)
                continue
            }
            destination.update(repeating: zero, count: left)
            let source = image + inputRow * inputWidth * inputDepth
            let widened = destination + left
            for i in 0..<copyWidth { widened[i] = Value(truncatingIfNeeded: source[i]) }
            (destination + left + copyWidth).update(repeating: zero, count: rowCount - left - copyWidth)
        }
    }

    /// Requantizes one accumulator of an output channel with its multiplier and shift.
    @inline(__always)
    func requantize(_ accumulator: Int32, multiplier: Int32, shift: Int32) -> Int8 {
        activation.requantize(accumulator, multiplier: multiplier, shift: shift, zeroPoint: outputZeroPoint)
    }
}
