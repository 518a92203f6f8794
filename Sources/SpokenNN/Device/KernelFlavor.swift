/// Which implementation of the int8 kernels the device build links: TFLM's portable reference kernels or Arm's
/// CMSIS-NN (TFLM's `OPTIMIZED_KERNEL_DIR=cmsis_nn`).
///
/// The outputs are identical either way (CMSIS-NN is bit-exact with the reference kernels); only the cycles differ,
/// and not by one factor: `CycleModel` follows each flavour's loop structure.
public enum KernelFlavor: String, Codable, Sendable, CaseIterable {
    case reference
    case cmsisNN = "cmsis-nn"
}
