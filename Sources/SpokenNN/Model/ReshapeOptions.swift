/// Options of `RESHAPE` (`tflite::ReshapeOptions`).
///
/// Converters usually give the new shape as the op's second (constant) input instead; `newShape` is nil when the
/// options table has no `new_shape` vector.
public struct ReshapeOptions: Equatable, Sendable {
    public var newShape: [Int32]?

    public init(newShape: [Int32]? = nil) {
        self.newShape = newShape
    }
}
