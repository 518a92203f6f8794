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

    /// Coefficients for a Cortex-M4 (with the DSP extension) running code from flash.
    public static let cortexM4 = CycleCoefficients(reference: .cortexM4, cmsisNN: .cortexM4)
}
