/// The cycle-model coefficients of a device profile: one set per kernel flavour.
///
/// Both sets are kept in every profile because the flavour can be switched per run (`--flavor`), and because
/// operators that CMSIS-NN does not implement (MEAN, REDUCE_MAX, RESHAPE, QUANTIZE, DEQUANTIZE, broadcasting
/// ADD/MUL) run TFLM's reference kernel even in a CMSIS-NN build.
public struct CycleCoefficients: Codable, Equatable, Sendable {
    public var reference: ReferenceKernelCosts
    public var cmsisNN: CMSISNNKernelCosts

    public init(reference: ReferenceKernelCosts, cmsisNN: CMSISNNKernelCosts) {
        self.reference = reference
        self.cmsisNN = cmsisNN
    }

    /// The range of every coefficient: a cost in cycles or a factor, never negative, and bounded so that a
    /// layer's cycle count stays a finite number (`CycleModel` caps it at `DeviceProfile.largestCycleCount`).
    public static let range = 0.0...1e6

    /// The first coefficient outside `range` (NaN and infinities included): its key path in the JSON, its value and
    /// the rule, or nil when all are in range.
    ///
    /// Walks the stored properties by reflection, so a coefficient added later is checked without a line here.
    func firstOutOfRange() -> (field: String, value: Double, rule: String)? {
        for (flavor, costs) in [("reference", Mirror(reflecting: reference)), ("cmsisNN", Mirror(reflecting: cmsisNN))]
        {
            for child in costs.children {
                guard let value = child.value as? Double, !Self.range.contains(value) else { continue }
                return ("\(flavor).\(child.label ?? "?")", value, "\(Self.range.lowerBound)…\(Self.range.upperBound)")
            }
        }
        return nil
    }

    /// Coefficients for a Cortex-M4 (with the DSP extension) running code from flash.
    public static let cortexM4 = CycleCoefficients(reference: .cortexM4, cmsisNN: .cortexM4)
}
