/// The scratch buffer TFLM's cmsis_nn kernels ask for in the arena (`RequestScratchBufferInArena` in their
/// Prepare), for a Cortex-M4 build with the DSP extension compiled by GCC.
///
/// The sizes are CMSIS-NN's `*_get_buffer_size` functions for the DSP path (ARM-software/CMSIS-NN
/// `arm_convolve_get_buffer_sizes_s8.c`, `arm_depthwise_conv_get_buffer_sizes_s8.c`, `arm_avgpool_s8.c`):
/// - `arm_convolve_s8` / `arm_convolve_1_x_n_s8`: two im2col columns of 16-bit values,
///   `2 × align4(kh × kw × in) × 2` bytes; `arm_convolve_1x1_s8_fast`: none with GCC (armclang only);
/// - `arm_depthwise_conv_s8_opt`: one 16-bit patch, `in × kh × kw × 2`; the 3×3 kernel and the generic one: none;
/// - `arm_avgpool_s8`: one int32 sum per channel; everything else: none.
public enum CMSISNNScratch {
    /// Bytes of arena scratch for `op` with CMSIS-NN, or nil when CMSIS-NN has no kernel for it (TFLM's reference
    /// kernel runs and asks for what it asks for).
    public static func bytes(for op: OpWorkload, kernel: String) -> Int? {
        guard kernel.hasPrefix("arm_") else { return nil }
        switch kernel {
        case "arm_convolve_s8", "arm_convolve_1_x_n_s8":
            guard let filter = op.filterShape, filter.count == 4 else { return 0 }
            let columns = filter[1] * filter[2] * filter[3]
            return 2 * ((columns + 3) / 4 * 4) * 2
        case "arm_depthwise_conv_s8_opt":
            guard let filter = op.filterShape, filter.count == 4, let channels = op.inputShape.last else { return 0 }
            return channels * filter[1] * filter[2] * 2
        case "arm_avgpool_s8":
            return (op.inputShape.last ?? 0) * 4
        default:
            return 0
        }
    }
}
