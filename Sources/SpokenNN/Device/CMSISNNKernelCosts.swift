/// Cycle costs of Arm's CMSIS-NN int8 kernels on a Cortex-M4 (DSP extension, no MVE), per iteration of each loop
/// level of the function that `arm_convolve_wrapper_s8` / `arm_depthwise_conv_wrapper_s8` pick for a shape.
///
/// Counted from ARM-software/CMSIS-NN `Source/ConvolutionFunctions/` and `Source/NNSupportFunctions/` with the
/// Cortex-M4 timings (ARM DDI 0439 §3.3: SMLAD/SMLABB/SXTB16 1 cycle, LDR 2 or 1 when pipelined, taken branch
/// 2–4):
/// - `arm_nn_mat_mult_kernel_s8_s16` (behind `arm_convolve_s8`) and `arm_nn_mat_mult_nt_t_s8` (behind
///   `arm_convolve_1x1_s8_fast`) compute a 2×2 tile (two output channels × two output pixels); one step of 4 depth
///   elements is two `read_and_pad` of the weights (LDR + 2 SXTB16 + 2 PKH each), four LDR of the 16-bit column,
///   eight SMLAD and the loop branch: 28 counted, 37 with the spills of a 15-register loop body and weight reads
///   from flash. That is 16 MACs, so ≈2.3 cycles/MAC before requantization.
/// - `arm_convolve_s8` first builds two im2col columns: per filter tap one call of `arm_q7_to_q15_with_offset`
///   (or `memset` in the padding), whose call/prologue/loop set-up dominates when a tap has one input channel.
/// - `arm_depthwise_conv_3x3_s8` does four channels per word: per tap two LDR, four SXT(A)B16 and four
///   SMLABB/SMLATT, plus the row-loop and edge tests; its requantization is per output.
/// - `arm_depthwise_conv_s8_opt` copies each kernel row of the input patch to a 16-bit buffer (one call per row),
///   then runs four channels at a time; a leftover channel (all of them when there is one) is scalar.
/// - `arm_depthwise_conv_s8`, the generic fallback for a channel multiplier above 1 (a depthwise layer on one input
///   channel), is a scalar loop with per-tap index arithmetic and per-output bounds set-up.
///
/// `stallFactor` is the one fitted number: it scales the counted cycles to the MLPerf Tiny v1.0 KWS DS-CNN with
/// CMSIS-NN on a 120 MHz Cortex-M4F (≈100 ms). It comes out near 1.3, which is what five flash wait states at
/// 120 MHz on the STM32L4R5 (weights stream from flash through an 8-line data cache) would add.
public struct CMSISNNKernelCosts: Codable, Equatable, Sendable {
    /// Fixed cost of one operator: TFLM's cmsis_nn Eval fills `cmsis_nn_dims`/`_params` and asks for the scratch.
    public var invokeOverhead: Double
    /// One 2×2 tile × 4-deep step of the matrix kernels (16 MACs).
    public var matStep: Double
    /// One leftover depth element (depth not a multiple of 4) of a 2×2 tile, scalar.
    public var matTail: Double
    /// Per 2×2 tile: bias loads, pointer set-up, loop control.
    public var matTile: Double
    /// Per output element: `arm_nn_requantize` (SMULL-based, one rounding), offset, clamp, store.
    public var requantizedOutput: Double
    /// Per output pixel and filter tap of `arm_convolve_s8`'s im2col: the tap's bounds test and address
    /// (`(k_y * input_x + k_x) * input_ch`, ~15 cycles) and one call of `arm_q7_to_q15_with_offset` in another
    /// translation unit, so never inlined (BL, PUSH, block-count set-up, the leftover loop, POP to PC: ~30).
    public var im2colCall: Double
    /// Per element widened to 16 bits (four per LDR/2×SXTB16/2×SADD16/2×STR).
    public var im2colElement: Double
    /// `arm_depthwise_conv_3x3_s8`: one filter tap for four channels.
    public var depthwise3x3Tap: Double
    /// Per four-channel group and output pixel (3×3 and `_opt`): bias, pointers, row loop and edge tests.
    public var depthwiseGroup: Double
    /// `arm_depthwise_conv_s8_opt`: per output pixel and kernel row, the im2col copy call.
    public var depthwiseRowCall: Double
    /// `arm_depthwise_conv_s8_opt`: one tap for four channels (SMLAD pairs over the 16-bit buffer).
    public var depthwiseOptTap: Double
    /// One tap of one leftover channel, scalar (both depthwise kernels).
    public var depthwiseScalarTap: Double
    /// `arm_depthwise_conv_s8` (generic): one tap of one output channel with its index arithmetic.
    public var depthwiseGenericTap: Double
    /// `arm_depthwise_conv_s8` (generic): per output, the clamped kernel window set-up.
    public var depthwiseGenericOutput: Double
    /// `arm_nn_vec_mat_mult_t_s8`: two weight rows × 4 inputs (8 MACs).
    public var fullyConnectedStep: Double
    /// Per pair of FULLY_CONNECTED output rows: pointers, bias, loop control.
    public var fullyConnectedRowPair: Double
    /// `arm_avgpool_s8` per output element and window element (16-bit sums, SIMD over channels).
    public var avgPoolTap: Double
    /// `arm_max_pool_s8` per output element and window element (`__SSUB8`/`__SEL` compares four at once).
    public var maxPoolTap: Double
    /// Per pooled output element (rounding division, clamp, store).
    public var poolOutput: Double
    /// `arm_elementwise_add_s8` per element (two input rescales and one output rescale).
    public var addElement: Double
    /// `arm_elementwise_mul_s8` per element.
    public var mulElement: Double
    /// `arm_softmax_s8` per element (fixed-point exp twice, max pass, rescale).
    public var softmaxElement: Double
    /// `arm_softmax_s8` per row.
    public var softmaxRow: Double
    /// Measured over counted cycles, fitted to the MLPerf Tiny anchor (see the type's documentation).
    public var stallFactor: Double
    /// `-Os` over `-O2`: CMSIS-NN's loops are hand-unrolled intrinsics, so only call overheads and the scalar
    /// tails grow.
    public var sizeOptimizationSlowdown: Double

    /// Costs for CMSIS-NN (v5/v6, DSP path) built with arm-none-eabi-gcc for a Cortex-M4F.
    public static let cortexM4 = CMSISNNKernelCosts(
        invokeOverhead: 600, matStep: 37, matTail: 12, matTile: 30, requantizedOutput: 25, im2colCall: 45,
        im2colElement: 2.5, depthwise3x3Tap: 15, depthwiseGroup: 45, depthwiseRowCall: 45, depthwiseOptTap: 12,
        depthwiseScalarTap: 7, depthwiseGenericTap: 9, depthwiseGenericOutput: 30, fullyConnectedStep: 18,
        fullyConnectedRowPair: 30, avgPoolTap: 2, maxPoolTap: 1.5, poolOutput: 15, addElement: 22, mulElement: 16,
        softmaxElement: 120, softmaxRow: 200, stallFactor: 1.3, sizeOptimizationSlowdown: 1.15)
}
