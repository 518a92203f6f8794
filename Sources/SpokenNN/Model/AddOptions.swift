/// Options of `ADD` (`tflite::AddOptions`).
public struct AddOptions: Equatable, Sendable {
    public var fusedActivation: FusedActivation
    /// Only meaningful for int16 (power-of-two scales); the schema's default is true.
    public var potScaleInt16: Bool

    public init(fusedActivation: FusedActivation = .none, potScaleInt16: Bool = true) {
        self.fusedActivation = fusedActivation
        self.potScaleInt16 = potScaleInt16
    }
}
