/// The sliding window of a convolution or pooling operator, with its padding resolved to offsets.
public struct ConvWindow: Equatable, Sendable {
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideHeight: Int
    public var strideWidth: Int
    public var dilationHeight: Int
    public var dilationWidth: Int
    /// Rows of padding above the input (TFLM's `padding_values.height`).
    public var padTop: Int
    /// Columns of padding left of the input (`padding_values.width`).
    public var padLeft: Int

    public init(
        kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1, dilationHeight: Int = 1,
        dilationWidth: Int = 1, padTop: Int = 0, padLeft: Int = 0
    ) {
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.padTop = padTop
        self.padLeft = padLeft
    }

    /// A window with `padding` resolved as TFLM's `ComputePaddingHeightWidth` does (`WindowPadding`).
    public init(
        padding: Padding, input: (height: Int, width: Int), kernelHeight: Int, kernelWidth: Int, strideHeight: Int,
        strideWidth: Int, dilationHeight: Int = 1, dilationWidth: Int = 1
    ) {
        let resolved = WindowPadding(
            padding: padding, inputHeight: input.height, inputWidth: input.width, filterHeight: kernelHeight,
            filterWidth: kernelWidth, strideHeight: strideHeight, strideWidth: strideWidth,
            dilationHeight: dilationHeight, dilationWidth: dilationWidth)
        self.init(
            kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideHeight: strideHeight, strideWidth: strideWidth,
            dilationHeight: dilationHeight, dilationWidth: dilationWidth, padTop: resolved.top, padLeft: resolved.left)
    }

    /// How many (output position, filter tap) pairs read a cell inside an input of this size; the rest fall in the
    /// padding. Rows and columns are independent, so this is the product of the two one-dimensional counts.
    public func tapsInside(input: (height: Int, width: Int), output: (height: Int, width: Int)) -> Int {
        func inside(_ outSize: Int, _ inSize: Int, _ kernel: Int, _ stride: Int, _ dilation: Int, _ pad: Int) -> Int {
            var count = 0
            for out in 0..<outSize {
                for tap in 0..<kernel {
                    let position = out * stride - pad + tap * dilation
                    if position >= 0 && position < inSize { count += 1 }
                }
            }
            return count
        }
        return inside(output.height, input.height, kernelHeight, strideHeight, dilationHeight, padTop)
            * inside(output.width, input.width, kernelWidth, strideWidth, dilationWidth, padLeft)
    }
}
