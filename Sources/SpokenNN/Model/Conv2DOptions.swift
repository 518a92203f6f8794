/// Options of `CONV_2D` (`tflite::Conv2DOptions`).
public struct Conv2DOptions: Equatable, Sendable {
    public var padding: Padding
    public var strideW: Int32
    public var strideH: Int32
    public var fusedActivation: FusedActivation
    public var dilationW: Int32
    public var dilationH: Int32

    public init(
        padding: Padding = .same, strideW: Int32 = 1, strideH: Int32 = 1, fusedActivation: FusedActivation = .none,
        dilationW: Int32 = 1, dilationH: Int32 = 1
    ) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.fusedActivation = fusedActivation
        self.dilationW = dilationW
        self.dilationH = dilationH
    }
}
