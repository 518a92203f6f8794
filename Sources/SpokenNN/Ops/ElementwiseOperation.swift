/// `ADD` and `MUL` on int8 with broadcasting, as TFLM's add.cc and mul.cc prepare them: both inputs and the output
/// int8, the output shape the broadcast of the inputs' shapes (up to 6 dimensions for ADD, 4 for a broadcasting MUL,
/// whose `BroadcastMul4DSlow` extends shapes to 4-D only), requantization parameters from the three scales, the
/// fused activation as a clamp.
struct ElementwiseOperation: Operation {
    enum Kind {
        case add(AddParameters)
        case mul(MulParameters)
    }

    /// The most dimensions TFLM's MUL broadcasts over (`BroadcastMul4DSlow`).
    static let maxMulBroadcastRank = 4

    let kind: Kind
    let shape: BroadcastShape
    let input1: Int
    let input2: Int
    let output: Int
    let count1: Int
    let count2: Int

    init(_ context: inout OperatorContext) throws(ModelError) {
        try context.expectCounts(inputs: 2...2, outputs: 1)
        input1 = try context.input(0)
        input2 = try context.input(1)
        output = try context.output(0)
        for (index, role) in [(input1, "input 1"), (input2, "input 2"), (output, "output")] {
            try context.expectType(index, .int8, role: role)
        }
        let (shape1, shape2) = (context.shape(input1), context.shape(input2))
        shape = try context.naming { () throws(ModelError) in try BroadcastShape(shape1, shape2) }
        guard shape.outputCount == context.elementCount(output),
            shape.outputShape.drop(while: { $0 == 1 }) == context.shape(output).drop(while: { $0 == 1 })
        else {
            throw context.error(
                .invalidShape, "output shape \(context.shape(output)) is not the broadcast of \(shape1) and \(shape2)")
        }
        let q1 = try context.quantization(input1, role: "input 1")
        let q2 = try context.quantization(input2, role: "input 2")
        let qo = try context.quantization(output, role: "output")
        count1 = context.elementCount(input1)
        count2 = context.elementCount(input2)
        switch context.code {
        case .add:
            let options = try context.options({ if case .add(let o) = $0 { o } else { nil } }, "AddOptions")
            kind = .add(
                try context.naming { () throws(ModelError) in
                    try AddParameters(
                        input1Scale: q1.scale, input1ZeroPoint: q1.zeroPoint, input2Scale: q2.scale,
                        input2ZeroPoint: q2.zeroPoint, outputScale: qo.scale, outputZeroPoint: qo.zeroPoint,
                        activation: options.fusedActivation)
                })
            // TfLiteAddParams: activation and a bool; TFLM's OpDataAdd: a bool and 14 int32 fields.
            context.keepOptions([.int32, .bool], "TfLiteAddParams")
            context.keep([.bool] + .init(repeating: .int32, count: 14), "OpDataAdd")
        default:
            // TFLM's mul.cc sends inputs of different shapes to `BroadcastMul4DSlow`, whose
            // `RuntimeShape::ExtendedShape(4, ...)` cannot hold more than 4 dimensions.
            if shape1 != shape2, max(shape1.count, shape2.count) > Self.maxMulBroadcastRank {
                throw context.error(
                    .unsupportedFeature,
                    "broadcasting \(shape1) against \(shape2) needs \(max(shape1.count, shape2.count)) dimensions;"
                        + " TFLM broadcasts MUL over at most \(Self.maxMulBroadcastRank)")
            }
            let options = try context.options({ if case .mul(let o) = $0 { o } else { nil } }, "MulOptions")
            kind = .mul(
                try context.naming { () throws(ModelError) in
                    try MulParameters(
                        input1Scale: q1.scale, input1ZeroPoint: q1.zeroPoint, input2Scale: q2.scale,
                        input2ZeroPoint: q2.zeroPoint, outputScale: qo.scale, outputZeroPoint: qo.zeroPoint,
                        activation: options.fusedActivation)
                })
            // TfLiteMulParams: activation; TFLM's OpDataMul: 7 int32 and 2 float fields.
            context.keepOptions([.int32], "TfLiteMulParams")
            context.keep(.init(repeating: .int32, count: 9), "OpDataMul")
        }
    }

    /// Room for tabulating a small broadcast operand along runs too short for lanes (an unfolded batch norm's
    /// per-channel constant over fewer than 16 channels).
    var hostScratchBytes: Int { shape.tableBytes(count1: count1, count2: count2) }

    func eval(_ memory: TensorMemory) {
        let a = memory.int8Input(input1, count1)
        let b = memory.int8Input(input2, count2)
        let out = memory.int8Output(output, shape.outputCount)
        switch kind {
        case .add(let p): Add.run(p, shape: shape, input1: a, input2: b, output: out, scratch: memory.hostScratch)
        case .mul(let p): Mul.run(p, shape: shape, input1: a, input2: b, output: out, scratch: memory.hostScratch)
        }
    }
}
