/// The EvoNAS fitness of the SpokeN-100 paper (EdgeVolution):
///
///     F = 0.6 · accuracy + 0.2 · min(1, 100 000 B / flash) + 0.2 · min(1, 1 mJ / energy per inference)
///
/// with the flash and the energy from spokend's cost model instead of a board and a power meter. Flash is what the
/// chip holds (`CandidateCost.flashBytes`: model and interpreter code), energy one utterance with its front end
/// (`CandidateCost.energyMicrojoules`). The weights and both references are configurable; a model below a
/// reference earns that term in full, so the search stops paying for savings nobody needs.
public struct Fitness: Codable, Sendable, Equatable {
    public var accuracyWeight: Double
    public var flashWeight: Double
    public var energyWeight: Double
    public var flashReferenceBytes: Double
    public var energyReferenceMicrojoules: Double

    public init(
        accuracyWeight: Double = 0.6, flashWeight: Double = 0.2, energyWeight: Double = 0.2,
        flashReferenceBytes: Double = 100_000, energyReferenceMicrojoules: Double = 1000
    ) {
        self.accuracyWeight = accuracyWeight
        self.flashWeight = flashWeight
        self.energyWeight = energyWeight
        self.flashReferenceBytes = flashReferenceBytes
        self.energyReferenceMicrojoules = energyReferenceMicrojoules
    }

    private enum CodingKeys: String, CodingKey {
        case accuracyWeight = "accuracy_weight"
        case flashWeight = "flash_weight"
        case energyWeight = "energy_weight"
        case flashReferenceBytes = "flash_reference_bytes"
        case energyReferenceMicrojoules = "energy_reference_uj"
    }

    /// F for a candidate with `accuracy` (0…1) and `cost`.
    public func value(accuracy: Double, cost: CandidateCost) -> Double {
        accuracyWeight * accuracy
            + flashWeight * min(1, flashReferenceBytes / Double(max(cost.flashBytes, 1)))
            + energyWeight * min(1, energyReferenceMicrojoules / max(cost.energyMicrojoules, 1e-9))
    }

    /// Checks every field; the error names the first bad one.
    public func validate() throws(SearchError) {
        let fields: [(String, Double)] = [
            ("accuracy_weight", accuracyWeight), ("flash_weight", flashWeight), ("energy_weight", energyWeight),
        ]
        for (name, value) in fields where !(value.isFinite && value >= 0) {
            throw SearchError(.invalidConfig, "fitness: \(name) must be a non-negative number, got \(value)")
        }
        guard accuracyWeight + flashWeight + energyWeight > 0 else {
            throw SearchError(.invalidConfig, "fitness: the weights must not all be 0")
        }
        for (name, value) in [
            ("flash_reference_bytes", flashReferenceBytes), ("energy_reference_uj", energyReferenceMicrojoules),
        ]
        where !(value.isFinite && value > 0) {
            throw SearchError(.invalidConfig, "fitness: \(name) must be positive, got \(value)")
        }
    }
}
