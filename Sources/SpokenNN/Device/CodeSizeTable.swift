/// Flash taken by the interpreter's own code: the framework once, plus each operator kernel the model uses.
///
/// These are estimates, not measurements of this repository's build: order-of-magnitude sizes of TFLM's objects
/// for a Cortex-M4F at `-Os` with `--gc-sections`. Published points to place them: TFLM's README once said "the core
/// runtime fits in 16 KB on a Cortex M3, and with enough operators to run a speech keyword detection model, takes
/// up a total of 22 KB" (quoted in tensorflow/tensorflow#32345); today's framework is larger (MicroInterpreter,
/// MicroAllocator, greedy planner, flatbuffer accessors, op resolver, logging), and TFLM PR #145 reports a whole
/// keyword benchmark at 52–58 KB of text with kernels; users report 160 KB for a 12-layer int8 model built without
/// size flags (tensorflow/tensorflow#48073). So: 24 KiB for the framework, 1–4 KiB per reference kernel. A
/// CMSIS-NN kernel is larger because TFLM's glue links the CMSIS-NN functions for every shape class (for CONV_2D:
/// 1×1 fast, 1×N, general with its im2col and matrix kernels) and keeps the reference fallback. TFLM PR #549
/// documents how to measure the real figure with `arm-none-eabi-size` on a target build.
public struct CodeSizeTable: Codable, Equatable, Sendable {
    /// Bytes of the interpreter framework, charged once.
    public var framework: Int
    /// Bytes per operator (schema name, e.g. `CONV_2D`) with the reference kernels.
    public var reference: [String: Int]
    /// Bytes per operator with CMSIS-NN; operators missing here use the reference size.
    public var cmsisNN: [String: Int]
    /// Bytes charged for an operator in neither table.
    public var unknownOp: Int

    public init(framework: Int, reference: [String: Int], cmsisNN: [String: Int], unknownOp: Int) {
        self.framework = framework
        self.reference = reference
        self.cmsisNN = cmsisNN
        self.unknownOp = unknownOp
    }

    /// Interpreter code bytes for a model using `ops` (each counted once) with `flavor`.
    public func bytes(for ops: Set<BuiltinOperator>, flavor: KernelFlavor) -> Int {
        ops.reduce(framework) { total, op in
            let name = op.description
            let size = flavor == .cmsisNN ? cmsisNN[name] ?? reference[name] : reference[name]
            return total + (size ?? unknownOp)
        }
    }

    /// The first size outside `DeviceProfile.byteRange` (its key and value), or nil when all are in range.
    func firstOutOfRange() -> (field: String, value: Int)? {
        let sizes =
            [("framework", framework), ("unknownOp", unknownOp)]
            + reference.sorted { $0.key < $1.key }.map { ("reference.\($0.key)", $0.value) }
            + cmsisNN.sorted { $0.key < $1.key }.map { ("cmsisNN.\($0.key)", $0.value) }
        return sizes.first { !DeviceProfile.byteRange.contains($0.1) }.map { (field: $0.0, value: $0.1) }
    }

    /// Estimates for TFLM on a Cortex-M4F at `-Os` (see the type's documentation).
    public static let tflmCortexM4 = CodeSizeTable(
        framework: 24_576,
        reference: [
            "CONV_2D": 3_584, "DEPTHWISE_CONV_2D": 3_584, "FULLY_CONNECTED": 2_048, "AVERAGE_POOL_2D": 1_792,
            "MAX_POOL_2D": 1_536, "MEAN": 3_584, "REDUCE_MAX": 2_560, "ADD": 3_072, "MUL": 2_560, "RESHAPE": 768,
            "SOFTMAX": 2_560, "QUANTIZE": 2_048, "DEQUANTIZE": 1_280,
        ],
        cmsisNN: [
            "CONV_2D": 8_192, "DEPTHWISE_CONV_2D": 7_168, "FULLY_CONNECTED": 3_072, "AVERAGE_POOL_2D": 2_560,
            "MAX_POOL_2D": 2_304, "ADD": 4_096, "MUL": 3_584, "SOFTMAX": 3_584,
        ],
        unknownOp: 3_072)
}
