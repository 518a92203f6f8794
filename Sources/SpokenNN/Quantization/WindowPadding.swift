/// Output size and padding of a convolution or pooling window over height and width.
///
/// `tflite::ComputePaddingHeightWidth` (padding.h): the output size from `ComputeOutSize` (SAME:
/// `ceil(in / stride)`, VALID: `ceil((in - effective filter + 1) / stride)`), then the total padding
/// `(out - 1) * stride + effective filter - in`, clamped at 0, split as `total / 2` before and the odd cell
/// (`offset`) after. The effective filter size with dilation `d` is `(filter - 1) * d + 1`.
public struct WindowPadding: Equatable, Sendable {
    public var outputHeight: Int
    public var outputWidth: Int
    /// Rows of padding above the input (`padding_values.height`).
    public var top: Int
    /// Columns of padding left of the input (`padding_values.width`).
    public var left: Int
    /// The extra row below when the total is odd (`height_offset`).
    public var heightOffset: Int
    /// The extra column on the right when the total is odd (`width_offset`).
    public var widthOffset: Int

    public init(
        padding: Padding, inputHeight: Int, inputWidth: Int, filterHeight: Int, filterWidth: Int, strideHeight: Int,
        strideWidth: Int, dilationHeight: Int = 1, dilationWidth: Int = 1
    ) {
        let height = Self.axis(padding, inputHeight, filterHeight, strideHeight, dilationHeight)
        let width = Self.axis(padding, inputWidth, filterWidth, strideWidth, dilationWidth)
        outputHeight = height.output
        outputWidth = width.output
        top = height.before
        left = width.before
        heightOffset = height.offset
        widthOffset = width.offset
    }

    /// Throws unless there is at least one output pixel: a VALID window larger than its input has none (the
    /// formula gives 0 or a negative size, which TFLM would not check either).
    func requireOutput(_ what: String) throws(ModelError) {
        guard outputHeight > 0, outputWidth > 0 else {
            throw ModelError(
                .invalidShape, "\(what) window leaves no output (\(outputHeight)×\(outputWidth)): larger than its input"
            )
        }
    }

    private static func axis(
        _ padding: Padding, _ input: Int, _ filter: Int, _ stride: Int, _ dilation: Int
    ) -> (output: Int, before: Int, offset: Int) {
        guard stride > 0 else { return (0, 0, 0) }
        let effectiveFilter = (filter - 1) * dilation + 1
        let output: Int
        switch padding {
        case .same: output = (input + stride - 1) / stride
        case .valid: output = (input + stride - effectiveFilter) / stride
        }
        let total = Swift.max(0, (output - 1) * stride + effectiveFilter - input)
        return (output, total / 2, total % 2)
    }
}
