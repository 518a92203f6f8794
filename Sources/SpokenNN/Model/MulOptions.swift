/// Options of `MUL` (`tflite::MulOptions`).
public struct MulOptions: Equatable, Sendable {
    public var fusedActivation: FusedActivation

    public init(fusedActivation: FusedActivation = .none) {
        self.fusedActivation = fusedActivation
    }
}
