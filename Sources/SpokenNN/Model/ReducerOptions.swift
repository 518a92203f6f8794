/// Options of `MEAN`, `REDUCE_MAX` and the other reductions (`tflite::ReducerOptions`).
public struct ReducerOptions: Equatable, Sendable {
    /// Keep reduced axes as size 1 instead of dropping them.
    public var keepDims: Bool

    public init(keepDims: Bool = false) {
        self.keepDims = keepDims
    }
}
