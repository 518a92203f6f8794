/// Cycle costs of TFLM's reference int8 kernels on a Cortex-M4, per iteration of each loop level.
///
/// Counted from the loops of `tensorflow/lite/kernels/internal/reference/integer_ops/{conv,depthwise_conv,
/// fully_connected,pooling,mean,add,mul}.h` and `reference/softmax.h` as TFLM builds them, with the Cortex-M4 timings
/// of the Technical Reference Manual (ARM DDI 0439, §3.3: LDR/LDRSB 2 cycles, 1 when pipelined behind another load;
/// MLA/SMULL 1; a taken branch 1 + 1–3 pipeline refill). The reference kernels compute every address with
/// `Offset(shape, b, y, x, c)` (three multiply–adds) and do the bounds check per filter tap; at `-O2` GCC hoists the
/// invariant part out of the innermost loop, which is why the per-tap and per-MAC costs are separate terms
/// (tensorflow/tensorflow#45227 measured 388 → 302 ms on a Cortex-M4F just from hoisting `Offset()` by hand). The
/// requantization per output is `MultiplyByQuantizedMultiplier`: `SaturatingRoundingDoublingHighMul` (64-bit
/// product, nudge, overflow test) then `RoundingDivideByPOT` (mask, remainder, threshold), plus bias, offset, clamp,
/// store: about 45 cycles.
///
/// `stallFactor` covers what counting misses (flash wait states, register spills, interrupt jitter). It is not fitted
/// for this flavour: no published latency of TFLM's reference kernels on a Cortex-M4 board was found. MLPerf Tiny
/// v0.5's "reference" submission on the NUCLEO-L4R5ZI is not one: it is TFLM v2.3.1 built with `TAGS=cmsis-nn`
/// (mlcommons/tiny `v0.1/reference_submissions/*/setup_example.sh`: "enable CMSIS-NN"), that is CMSIS-NN's kernels
/// of 2020 under Mbed OS with GCC 6; and v1.0 has no reference-kernel submission on that board. So the flavour takes
/// the board's factor that the CMSIS-NN flavour fits on the v1.0 DS-CNN (1.31, `CMSISNNKernelCosts`): the same flash,
/// wait states and compiler level, one fitted number for both flavours. What checks it: no reference-kernel build can
/// be faster than the same board's CMSIS-NN build of 2020, and the model predicts each v0.5 benchmark slower than v0.5
/// measured it (`MLPerfTinyOutOfSampleTests`); fitted to v0.5's DS-CNN instead (1.05), the flavour would make
/// ResNet-8 and VWW with reference kernels 14% and 19% faster than that CMSIS-NN build, which cannot be.
public struct ReferenceKernelCosts: Codable, Equatable, Sendable {
    /// Fixed cost of one operator: the interpreter's invoke loop, `GetEvalInput`/`GetEvalOutput`, the type switch.
    public var invokeOverhead: Double
    /// CONV_2D / FULLY_CONNECTED innermost loop over input channels: two sign-extending loads, an add of the
    /// input offset, a multiply–accumulate, the loop branch.
    public var convMAC: Double
    /// CONV_2D per output element and filter tap inside the image: in_y/in_x, the bounds test, the `Offset()`
    /// bases and the input-channel loop set-up.
    public var convTap: Double
    /// A filter tap that falls in the padding: the bounds test only.
    public var skippedTap: Double
    /// DEPTHWISE_CONV_2D per output element and filter tap: one multiply–accumulate with full `Offset()`
    /// arithmetic for input and filter (the channel loop is outside the filter loops, so nothing is hoisted).
    public var depthwiseTap: Double
    /// Per output element of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: bias, requantization, clamp, store.
    public var requantizedOutput: Double
    /// AVERAGE_POOL_2D / MAX_POOL_2D per output element and window element: one add or compare with `Offset()`.
    public var poolTap: Double
    /// Per pooled output element: the rounding division (average) or clamp, and the store.
    public var poolOutput: Double
    /// MEAN over height and width of a 4-D tensor (`reference_integer_ops::Mean`) per input element.
    public var reduceElement: Double
    /// Any other MEAN or REDUCE_MAX per input element: `NextIndex` over every dimension and `ReducedOutputOffset`
    /// (a multiply–add per dimension) for each element.
    public var genericReduceElement: Double
    /// MEAN / REDUCE_MAX per output element: the division or requantization.
    public var reduceOutput: Double
    /// ADD per output element: three `MultiplyByQuantizedMultiplierSmallerThanOneExp` (two inputs, one output).
    public var addElement: Double
    /// MUL per output element: one multiply and one requantization.
    public var mulElement: Double
    /// Extra per element when ADD/MUL broadcast: `BroadcastAdd6DSlow` computes `SubscriptToIndex` for both inputs.
    public var broadcastElement: Double
    /// SOFTMAX per element: max pass, `exp_on_negative_values` twice (sum and output pass), rescale, store.
    public var softmaxElement: Double
    /// SOFTMAX per row: the reciprocal of the sum (`GetReciprocal`) and loop set-up.
    public var softmaxRow: Double
    /// QUANTIZE per element (float → int8 with the FPU: multiply, round, add, clamp).
    public var quantizeElement: Double
    /// DEQUANTIZE per element (int8 → float: subtract, convert, multiply).
    public var dequantizeElement: Double
    /// RESHAPE per byte copied (`memcpy` when the planner gave input and output different buffers).
    public var copyByte: Double
    /// Cost per output element charged to an operator the model has no loop structure for.
    public var unknownElement: Double
    /// Measured over counted cycles: the board factor that the CMSIS-NN flavour fits (see the type's documentation).
    public var stallFactor: Double
    /// How much slower the same kernels run when built with `-Os` instead of `-O2`. At `-Os` GCC keeps
    /// `Offset()` and the fixed-point helpers out of line and does not strength-reduce the index arithmetic; the
    /// reference kernels are "several times slower" (issue 4). espressif/esp-tflite-micro#25 saw a whole model go
    /// from 4.4 s to 2.4 s just by switching -Os → -O2 on an ESP32 (mixed kernels); the pure reference conv loops
    /// lose more than a mixed model, so 2.5.
    public var sizeOptimizationSlowdown: Double

    /// Costs for TFLM's reference kernels built with arm-none-eabi-gcc for a Cortex-M4F.
    public static let cortexM4 = ReferenceKernelCosts(
        invokeOverhead: 400, convMAC: 5, convTap: 8, skippedTap: 4, depthwiseTap: 13, requantizedOutput: 45,
        poolTap: 9, poolOutput: 40, reduceElement: 12, genericReduceElement: 35, reduceOutput: 60, addElement: 70,
        mulElement: 45,
        broadcastElement: 30, softmaxElement: 260, softmaxRow: 200, quantizeElement: 25, dequantizeElement: 12,
        copyByte: 0.3, unknownElement: 20, stallFactor: CMSISNNKernelCosts.cortexM4.stallFactor,
        sizeOptimizationSlowdown: 2.5)
}
