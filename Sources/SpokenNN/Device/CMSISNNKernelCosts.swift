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
/// - `arm_convolve_s8` calls `arm_nn_mat_mult_kernel_s8_s16` once per pair of output pixels; inside, an odd last
///   output channel runs a one-row loop, and an odd last pixel runs a loop of its own per channel: fixed costs per
///   call, per channel pair and per leftover that dominate small layers.
/// - pooling calls a per-tap channel loop for every (output pixel, window tap); on few channels the calls cost more
///   than the channels.
/// - `arm_fully_connected_s8` streams every weight from flash once (`weightStreamByte`, from the STM32L4R5's wait
///   states, not fitted).
///
/// `stallFactor` is the one fitted number: it scales the counted cycles to the MLPerf Tiny v1.0 KWS DS-CNN with
/// CMSIS-NN on the NUCLEO-L4R5ZI at 120 MHz (99.81 ms, closed/OctoML microTVM + CMSIS-NN, `-O2`), and nothing else
/// (the other MLPerf Tiny benchmarks check it, `MLPerfTinyOutOfSampleTests`). It comes out at 1.31, which is what
/// five flash wait states at 120 MHz on the STM32L4R5 (weights re-read from flash through a small data cache) would
/// add. It is the board's factor, so the reference flavour uses it too (`ReferenceKernelCosts`).
public struct CMSISNNKernelCosts: Codable, Equatable, Sendable {
    /// Fixed cost of one operator: TFLM's cmsis_nn Eval fills `cmsis_nn_dims`/`_params` and asks for the scratch.
    public var invokeOverhead: Double
    /// One 2×2 tile × 4-deep step of the matrix kernels (16 MACs).
    public var matStep: Double
    /// One leftover depth element (depth not a multiple of 4) of a 2×2 tile, scalar.
    public var matTail: Double
    /// Per 2×2 tile: bias loads, pointer set-up, loop control.
    public var matTile: Double
    /// One call of `arm_nn_mat_mult_kernel_s8_s16` per pair of output pixels (`arm_convolve_s8` calls it each time
    /// its two im2col columns are full): the call, twelve arguments, the register saves, the row loop's set-up.
    public var matMulCall: Double
    /// The last output channel when there is an odd number of them: one row × two columns, 4 deep (8 MACs), so
    /// about half a 2×2 step.
    public var matOddRowStep: Double
    /// `arm_convolve_s8`'s leftover output pixel (an odd pixel count): its own scalar-looking loop per output
    /// channel, 4 deep (`read_and_pad` and two SMLAD for 4 MACs).
    public var matColumnStep: Double
    /// Per output channel of the leftover pixel: bias, pointer reset, loop control.
    public var matColumnChannel: Double
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
    /// Per FULLY_CONNECTED weight byte: the kernel reads every weight exactly once per inference, in one
    /// sequential stream no cache holds, so the flash wait states show. The STM32L4R5 of the MLPerf Tiny anchor runs
    /// its flash with 5 wait states at 120 MHz (RM0432 §3.3.3) and reads it 64 bits at a time; the data bus has no
    /// prefetch, so a line costs about 6 cycles of which the pipelined load hides one: 5/8 cycle per byte.
    /// Convolutions reuse their weights across output pixels, so their flash cost is in `stallFactor`.
    public var weightStreamByte: Double
    /// `arm_avgpool_s8` per output element and window element (16-bit sums, SIMD over channels).
    public var avgPoolTap: Double
    /// `arm_max_pool_s8` per output element and window element (`__SSUB8`/`__SEL` compares four at once).
    public var maxPoolTap: Double
    /// Per pooled output element (rounding division, clamp, store).
    public var poolOutput: Double
    /// Per pooled output pixel: the window's clipped bounds, and the sum buffer's `memset` (average) or the first
    /// tap's `arm_memcpy_s8` (max).
    public var poolPixel: Double
    /// Per output pixel and window tap inside the input: one call of the per-tap channel loop (`sum_16x16`-style
    /// accumulation or `compare_and_replace_if_larger_s8`) with its address and loop set-up; with few channels
    /// this, not the channels, is the cost.
    public var poolTapCall: Double
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
        invokeOverhead: 600, matStep: 37, matTail: 12, matTile: 30, matMulCall: 40, matOddRowStep: 20,
        matColumnStep: 12, matColumnChannel: 20, requantizedOutput: 25, im2colCall: 45, im2colElement: 2.5,
        depthwise3x3Tap: 15, depthwiseGroup: 45, depthwiseRowCall: 45, depthwiseOptTap: 12, depthwiseScalarTap: 7,
        depthwiseGenericTap: 9, depthwiseGenericOutput: 30, fullyConnectedStep: 18, fullyConnectedRowPair: 30,
        weightStreamByte: 0.625, avgPoolTap: 2, maxPoolTap: 1.5, poolOutput: 15,
        poolPixel: 40, poolTapCall: 12, addElement: 22, mulElement: 16,
        softmaxElement: 120, softmaxRow: 200, stallFactor: 1.31, sizeOptimizationSlowdown: 1.15)
}
