/// What an op sees while it is prepared: its node, its tensors, the model's constant data; where it asks for
/// scratch memory and says what persistent data it keeps (TFLM's `TfLiteContext` during `Init`/`Prepare`).
///
/// Every check failure becomes a `ModelError` naming the op and node, e.g.
/// "op CONV_2D at node 3: filter must be INT8, got FLOAT32".
struct OperatorContext {
    let model: Model
    let subgraph: Subgraph
    let node: Int
    let op: Operator
    let code: BuiltinOperator
    /// Scratch buffers requested so far (by every op), in request order.
    var scratch: [MemoryPlan.ScratchRequest]
    /// Persistent bytes the op keeps, as (bytes, alignment, what).
    var persistent: [PersistentAllocation] = []

    func error(_ code: ModelError.Code, _ message: String) -> ModelError {
        ModelError(code, "op \(self.code) at node \(node): \(message)")
    }

    /// The tensor index of input `position`, nil when the op omits it (-1) or has fewer inputs.
    func optionalInput(_ position: Int) -> Int? {
        guard position < op.inputs.count, op.inputs[position] >= 0 else { return nil }
        return Int(op.inputs[position])
    }

    func input(_ position: Int) throws(ModelError) -> Int {
        guard let index = optionalInput(position) else {
            throw error(.malformed, "input \(position) is missing (the op has \(op.inputs.count) inputs)")
        }
        return index
    }

    func output(_ position: Int) throws(ModelError) -> Int {
        guard position < op.outputs.count else {
            throw error(.malformed, "output \(position) is missing (the op has \(op.outputs.count) outputs)")
        }
        return Int(op.outputs[position])
    }

    func expectCounts(inputs: ClosedRange<Int>, outputs: Int) throws(ModelError) {
        guard inputs.contains(op.inputs.count), op.outputs.count == outputs else {
            throw error(
                .malformed,
                "expects \(inputs) inputs and \(outputs) outputs, has \(op.inputs.count) and "
                    + "\(op.outputs.count)")
        }
    }

    func tensor(_ index: Int) -> Tensor { subgraph.tensors[index] }

    func shape(_ index: Int) -> [Int] { subgraph.tensors[index].shape.map(Int.init) }

    /// The tensor's element count; shapes were checked at load, so this cannot overflow.
    func elementCount(_ index: Int) -> Int { tensor(index).elementCount ?? 0 }

    func expectType(_ index: Int, _ types: TensorType..., role: String) throws(ModelError) {
        let type = tensor(index).type
        guard types.contains(type) else {
            throw error(
                .unsupportedType,
                "\(role) must be \(types.map(\.description).joined(separator: " or ")), got \(type)")
        }
    }

    func expectRank(_ index: Int, _ rank: Int, role: String) throws(ModelError) {
        guard tensor(index).shape.count == rank else {
            throw error(.invalidShape, "\(role) must have rank \(rank), has shape \(tensor(index).shape)")
        }
    }

    /// The constant data of a tensor (weights, bias, axes), or nil for an activation.
    func constantData(_ index: Int) -> ArraySlice<UInt8>? {
        let buffer = Int(tensor(index).buffer)
        guard buffer < model.buffers.count, !model.buffers[buffer].data.isEmpty else { return nil }
        return model.buffers[buffer].data
    }

    /// A constant int32 vector (axes, shapes), checked to hold exactly the tensor's elements.
    func constantInt32s(_ index: Int, role: String) throws(ModelError) -> [Int32] {
        guard tensor(index).type == .int32, let data = constantData(index) else {
            throw error(.unsupportedFeature, "\(role) must be a constant INT32 tensor")
        }
        guard data.count == elementCount(index) * 4 else {
            throw error(.malformed, "\(role) has \(data.count) bytes for \(elementCount(index)) INT32 elements")
        }
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
        }
    }

    /// Per-tensor quantization: (scale, zero point), checked to be usable (finite positive scale; a zero point
    /// that fits `type`).
    func quantization(_ index: Int, role: String) throws(ModelError) -> (scale: Float, zeroPoint: Int32) {
        guard let q = tensor(index).quantization, let scale = q.scale.first, let zeroPoint = q.zeroPoint.first else {
            throw error(.invalidQuantization, "\(role) has no quantization parameters")
        }
        guard scale.isFinite, scale > 0 else {
            throw error(.invalidQuantization, "\(role) has an unusable scale \(scale)")
        }
        let range: ClosedRange<Int64> = tensor(index).type == .int8 ? -128...127 : Int64(Int32.min)...Int64(Int32.max)
        guard range.contains(zeroPoint) else {
            throw error(.invalidQuantization, "\(role) has zero point \(zeroPoint), outside \(range)")
        }
        return (scale, Int32(zeroPoint))
    }

    /// Per-channel scales of a filter along `dimension` with `channels` entries (or one per-tensor scale).
    func channelScales(_ index: Int, channels: Int, role: String) throws(ModelError) -> [Float] {
        guard let q = tensor(index).quantization, !q.scale.isEmpty else {
            throw error(.invalidQuantization, "\(role) has no quantization parameters")
        }
        guard q.scale.count == 1 || q.scale.count == channels else {
            throw error(
                .invalidQuantization, "\(role) has \(q.scale.count) scales for \(channels) output channels")
        }
        guard q.scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw error(.invalidQuantization, "\(role) has a zero, negative or non-finite scale")
        }
        guard q.zeroPoint.allSatisfy({ $0 == 0 }) else {
            throw error(.invalidQuantization, "\(role) must be symmetric (zero points 0)")
        }
        return q.scale
    }

    /// Asks for `bytes` of scratch memory in the arena during this op (`RequestScratchBufferInArena`); returns
    /// the slot the buffer's pointer will have in `TensorMemory`.
    mutating func requestScratch(_ bytes: Int) -> Int {
        scratch.append(MemoryPlan.ScratchRequest(node: node, bytes: bytes))
        return subgraph.tensors.count + scratch.count - 1
    }

    /// Records the parsed options struct TFLM keeps for the op (`TfLiteConvParams`…), charged to the arena's tail.
    mutating func keepOptions(_ fields: [PersistentAllocation.Field], _ what: String) {
        persistent.append(PersistentAllocation(phase: .builtinData, fields: fields, what: what))
    }

    /// Records the persistent struct the op keeps (its TFLM `OpData`, from `Init`), charged to the arena's tail at
    /// the target's size.
    mutating func keep(_ fields: [PersistentAllocation.Field], _ what: String) {
        persistent.append(PersistentAllocation(phase: .initialize, fields: fields, what: what))
    }

    /// Records a persistent array the op makes in `Prepare` (per-channel multipliers, shifts), charged to the tail.
    mutating func keepArray(bytes: Int, _ what: String) {
        persistent.append(PersistentAllocation(phase: .prepare, bytes: bytes, what: what))
    }

    /// Runs `body` (a kernel's parameter computation) and names this op in any `ModelError` it throws.
    func naming<T>(_ body: () throws(ModelError) -> T) throws(ModelError) -> T {
        do {
            return try body()
        } catch {
            throw self.error(error.code, error.detail)
        }
    }

    /// Calls `body` with the constant data of tensor `index` as `T` values, or with nil when it has none; throws
    /// when `required` and the tensor is not a constant of type `type`.
    func withConstant<T, R>(
        _ index: Int?, as type: T.Type, role: String, _ body: (UnsafeBufferPointer<T>?) throws(ModelError) -> R
    ) throws(ModelError) -> R {
        guard let index else { return try body(nil) }
        guard let data = constantData(index) else {
            throw error(
                .unsupportedFeature, "\(role) must be constant (weights computed at run time are not supported)")
        }
        let values = data.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: raw.count / MemoryLayout<T>.stride) { buffer, count in
                count = raw.count / MemoryLayout<T>.stride
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw.prefix(count * MemoryLayout<T>.stride)))
            }
        }
        return try values.withUnsafeBufferPointer { (buffer) throws(ModelError) -> R in try body(buffer) }
    }

    /// The fused-activation and options check every op with options shares: the operator's options must be of
    /// the kind the op takes.
    func options<T>(_ extract: (BuiltinOptions) -> T?, _ kind: String) throws(ModelError) -> T {
        guard let options = extract(op.options) else {
            throw error(.invalidOptions, "needs \(kind), has \(op.options)")
        }
        return options
    }
}
