/// Options of `AVERAGE_POOL_2D` and `MAX_POOL_2D` (`tflite::Pool2DOptions`).
public struct Pool2DOptions: Equatable, Sendable {
    public var padding: Padding
    public var strideW: Int32
    public var strideH: Int32
    public var filterWidth: Int32
    public var filterHeight: Int32
    public var fusedActivation: FusedActivation

    public init(
        padding: Padding = .valid, strideW: Int32 = 1, strideH: Int32 = 1, filterWidth: Int32 = 1,
        filterHeight: Int32 = 1, fusedActivation: FusedActivation = .none
    ) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.filterWidth = filterWidth
        self.filterHeight = filterHeight
        self.fusedActivation = fusedActivation
    }
}
