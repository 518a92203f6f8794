@testable import SpokenNN

extension KernelFixture.Case {
    /// The schema's padding code (0 SAME, 1 VALID) as the model type.
    var padding: Padding { int("padding") == 0 ? .same : .valid }

    /// The schema's fused activation code.
    var activation: FusedActivation { FusedActivation(rawValue: Int8(int("fusedActivationFunction")))! }
}
