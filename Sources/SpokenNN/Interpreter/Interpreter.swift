import Foundation

/// Runs a model as TensorFlow Lite Micro would on the device: verified and prepared once, every activation in one
/// fixed arena, then invoked with no allocation, all at once or one op at a time.
///
/// Loading follows `MicroInterpreter::AllocateTensors`: check every tensor, prepare every op (its parameters, its
/// scratch requests and persistent data; an op or type outside spokend's set fails here, by name), plan the arena
/// with `MemoryPlan`, charge the persistent data (`ArenaAccounting`) and fail with `AllocationError` when the arena
/// is too small. Only the first subgraph runs.
public final class Interpreter {
    public let model: Model
    public let subgraph: Subgraph
    /// Where each non-persistent buffer lives and when.
    public let plan: MemoryPlan
    /// The arena's bytes, as on the device.
    public let accounting: ArenaAccounting

    private let arena: Arena
    private let constants: UnsafeMutableRawPointer
    private let memory: TensorMemory
    private let operations: [any Operation]
    private let tensorBytes: [Int]

    /// The op `invokeNextOperator()` runs next; `operatorCount` when the last one has run.
    public private(set) var nextOperator = 0

    /// Bytes of arena in use: the plan's head plus the persistent tail, at Cortex-M struct sizes.
    public var arenaUsed: Int { accounting.total }

    /// How many bytes of host working memory (`Operation.hostScratchBytes`) one op may ask for per arena byte: a
    /// real op needs a few (a widened padded image, int32 sums per output); more means a hostile model.
    static let hostScratchPerArenaByte = 16

    /// Loads `model` into an arena of `arenaSize` bytes.
    ///
    /// Throws `ModelError` for a model spokend cannot run (naming the op, tensor or field) and `AllocationError`
    /// when it does not fit in `arenaSize`.
    public init(model: Model, arenaSize: Int, abi: ArenaAccounting.ABI = .cortexM) throws {
        self.model = model
        guard let subgraph = model.subgraphs.first else { throw ModelError(.malformed, "model has no subgraph") }
        self.subgraph = subgraph
        let tensors = subgraph.tensors
        try Self.checkReferences(model, subgraph)

        // Tensors: every shape and constant checked before any op looks at it.
        var bytes = [Int](repeating: 0, count: tensors.count)
        var hasData = [Bool](repeating: false, count: tensors.count)
        for (index, tensor) in tensors.enumerated() {
            let label = "tensor \(index) (\(tensor.name ?? "unnamed"))"
            guard let count = tensor.elementCount else {
                throw ModelError(.invalidShape, "\(label) has an invalid shape \(tensor.shape)")
            }
            let data = Int(tensor.buffer) < model.buffers.count ? model.buffers[Int(tensor.buffer)].data : []
            hasData[index] = !data.isEmpty
            guard let size = tensor.type.byteSize else {
                // TFLM refuses such a tensor only when an op uses it; the op's type check names it then.
                continue
            }
            let (total, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, total <= Int(Int32.max) else {
                throw ModelError(.invalidShape, "\(label) of shape \(tensor.shape) is too large")
            }
            bytes[index] = total
            if !data.isEmpty && data.count != total {
                throw ModelError(
                    .malformed,
                    "\(label) has \(data.count) bytes of data but its shape \(tensor.shape) of "
                        + "\(tensor.type) needs \(total)")
            }
        }
        self.tensorBytes = bytes

        // Ops: Prepare.
        var operations: [any Operation] = []
        var scratch: [MemoryPlan.ScratchRequest] = []
        var persistent: [[PersistentAllocation]] = []
        for (node, op) in subgraph.operators.enumerated() {
            let code = model.operatorCodes[Int(op.opcodeIndex)].builtin
            var context = OperatorContext(
                model: model, subgraph: subgraph, node: node, op: op, code: code, scratch: scratch)
            for index in op.inputs + op.outputs where index >= 0 && tensors[Int(index)].type.byteSize == nil {
                throw context.error(
                    .unsupportedType, "tensor \(index) has type \(tensors[Int(index)].type), which spokend does not run"
                )
            }
            let operation = try OperationRegistry.prepare(&context)
            // The Swift kernels' working memory lives outside the arena (the chip's kernels do without it). It grows
            // with the op's tensors, which the arena bounds, so more than `hostScratchPerArenaByte` times the arena
            // means a model out of proportion (a hostile padding or broadcast): refused rather than allocated.
            guard operation.hostScratchBytes <= Self.hostScratchPerArenaByte * max(arenaSize, 1 << 16) else {
                throw context.error(
                    .tooComplex,
                    "needs \(operation.hostScratchBytes) bytes of host working memory, more than "
                        + "\(Self.hostScratchPerArenaByte) × the arena (\(arenaSize) bytes)")
            }
            operations.append(operation)
            scratch = context.scratch
            persistent.append(context.persistent)
        }
        self.operations = operations

        // Arena: plan the head, charge the tail.
        let offline = try Self.offlinePlan(model, tensorCount: tensors.count)
        let plan = MemoryPlan(
            subgraph: subgraph, tensorBytes: bytes, hasData: hasData, scratch: scratch, offlineOffsets: offline)
        self.plan = plan
        // Variable tensors the offline plan does not place get a buffer in the tail, as TFLM's `AllocateVariables`.
        let variables = tensors.indices.filter { index in
            tensors[index].isVariable && bytes[index] > 0 && (offline.map { $0[index] < 0 } ?? true)
        }.map { (tensor: $0, bytes: bytes[$0]) }
        let accounting = ArenaAccounting(
            model: model, subgraph: subgraph, plan: plan, opData: persistent, variables: variables, abi: abi)
        self.accounting = accounting
        guard accounting.total <= arenaSize else {
            throw AllocationError(needed: accounting.total, available: arenaSize, what: "loading the model")
        }
        let arena = Arena(capacity: arenaSize)
        try arena.reserveHead(plan.size, tail: accounting.tail, what: "the tensor plan")
        self.arena = arena

        // Constants: one copy, 16-byte aligned each, like flash on the device.
        // Sized by the data itself: a tensor of a type spokend does not run may hold data of any length.
        var constantSize = 0
        for index in tensors.indices where hasData[index] {
            constantSize += Arena.alignUp(model.buffers[Int(tensors[index].buffer)].data.count)
        }
        constants = UnsafeMutableRawPointer.allocate(byteCount: max(constantSize, 1), alignment: Arena.alignment)
        memory = TensorMemory(
            count: tensors.count + scratch.count, hostScratchBytes: operations.map(\.hostScratchBytes).max() ?? 0)
        var offset = 0
        for index in tensors.indices where hasData[index] {
            let data = model.buffers[Int(tensors[index].buffer)].data
            data.withUnsafeBytes { (constants + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            memory.pointers[index] = constants + offset
            offset += Arena.alignUp(data.count)
        }
        for entry in plan.entries {
            switch entry.owner {
            case .tensor(let index):
                memory.pointers[index] = arena.base + entry.offset
            case .scratch(let node, let ordinal):
                let slot = Self.scratchSlot(scratch, node: node, ordinal: ordinal)
                memory.pointers[tensors.count + slot] = arena.base + entry.offset
            }
        }
        for (index, offset) in accounting.variableOffsets { memory.pointers[index] = arena.tail(offset) }
        // What is left has no bytes (a zero-sized tensor, or a type spokend does not run): a valid, unused address.
        for index in 0..<memory.count where memory.pointers[index] == nil { memory.pointers[index] = arena.base }
    }

    deinit { constants.deallocate() }

    private static func scratchSlot(_ requests: [MemoryPlan.ScratchRequest], node: Int, ordinal: Int) -> Int {
        var seen = 0
        for (slot, request) in requests.enumerated() where request.node == node {
            if seen == ordinal { return slot }
            seen += 1
        }
        return 0
    }

    /// Every index the model holds points at something: `ModelReader` checks this for files, but a `Model` may also
    /// be built in Swift.
    private static func checkReferences(_ model: Model, _ subgraph: Subgraph) throws(ModelError) {
        let count = subgraph.tensors.count
        func check(_ indices: [Int32], optional: Bool, _ what: String) throws(ModelError) {
            for index in indices where !(index >= 0 && Int(index) < count) && !(optional && index == -1) {
                throw ModelError(.badReference, "\(what) refers to tensor \(index) but there are \(count)")
            }
        }
        try check(subgraph.inputs, optional: false, "the graph's inputs")
        try check(subgraph.outputs, optional: false, "the graph's outputs")
        for (node, op) in subgraph.operators.enumerated() {
            guard Int(op.opcodeIndex) < model.operatorCodes.count else {
                throw ModelError(.badReference, "node \(node) refers to operator code \(op.opcodeIndex)")
            }
            try check(op.inputs, optional: true, "node \(node)")
            try check(op.outputs + op.intermediates, optional: false, "node \(node)")
        }
        for (index, tensor) in subgraph.tensors.enumerated()
        where Int(tensor.buffer) >= model.buffers.count && !(tensor.buffer == 0 && model.buffers.isEmpty) {
            throw ModelError(.badReference, "tensor \(index) refers to buffer \(tensor.buffer)")
        }
    }

    /// The `OfflineMemoryAllocation` metadata plan (TFLM's `GetOfflinePlannedOffsets`): `[version, subgraph,
    /// tensor count, offsets…]` as little-endian int32, -1 for tensors the planner places.
    static func offlinePlan(_ model: Model, tensorCount: Int) throws(ModelError) -> [Int32]? {
        guard let data = model.metadata(named: "OfflineMemoryAllocation") else { return nil }
        let words: [Int32] = data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
        }
        guard words.count >= 3, words[2] >= 0, Int(words[2]) == tensorCount, words.count == 3 + tensorCount,
            model.subgraphs.count == 1
        else {
            throw ModelError(
                .malformed,
                "OfflineMemoryAllocation metadata does not give one offset for each of the "
                    + "\(tensorCount) tensors of a single subgraph")
        }
        return Array(words[3...])
    }

    // MARK: - Running

    public var operatorCount: Int { operations.count }

    /// Runs every op in order (from the start, whatever stepping happened before).
    public func invoke() {
        for operation in operations { operation.eval(memory) }
        nextOperator = 0
    }

    /// Runs the next op and returns true while more remain; after the last op the next call starts over.
    @discardableResult
    public func invokeNextOperator() -> Bool {
        operations[nextOperator].eval(memory)
        nextOperator += 1
        if nextOperator == operations.count {
            nextOperator = 0
            return false
        }
        return true
    }

    /// Whether a stepped invocation is part-way through.
    public var isMidInvocation: Bool { nextOperator != 0 }

    // MARK: - Tensors

    /// Tensor indices of the graph's inputs and outputs.
    public var inputs: [Int] { subgraph.inputs.map(Int.init) }
    public var outputs: [Int] { subgraph.outputs.map(Int.init) }

    /// The bytes of tensor `index` (an input to fill, an output to read), valid while the interpreter lives.
    public func tensorData(_ index: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: memory.pointers[index], count: tensorBytes[index])
    }

    /// Copies `values` into input `position`; throws when their count or type does not match it.
    public func setInput<T: BitwiseCopyable>(_ values: [T], at position: Int = 0) throws(ModelError) {
        let index = inputs[position]
        let tensor = subgraph.tensors[index]
        try Self.expect(T.self, tensor, "input \(position)")
        guard values.count * MemoryLayout<T>.stride == tensorBytes[index] else {
            throw ModelError(
                .inputMismatch,
                "input \(position) takes \(tensor.elementCount ?? 0) values of shape \(tensor.shape), "
                    + "got \(values.count)")
        }
        values.withUnsafeBytes { tensorData(index).copyMemory(from: $0) }
    }

    /// The values of output `position`.
    public func output<T: BitwiseCopyable>(_ position: Int = 0, as type: T.Type) throws(ModelError) -> [T] {
        let index = outputs[position]
        try Self.expect(T.self, subgraph.tensors[index], "output \(position)")
        let data = tensorData(index)
        return [T](unsafeUninitializedCapacity: data.count / MemoryLayout<T>.stride) { buffer, count in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(data))
            count = data.count / MemoryLayout<T>.stride
        }
    }

    private static func expect<T>(_ type: T.Type, _ tensor: Tensor, _ role: String) throws(ModelError) {
        let matches =
            switch tensor.type {
            case .int8: T.self == Int8.self
            case .uint8: T.self == UInt8.self
            case .int16: T.self == Int16.self
            case .int32: T.self == Int32.self
            case .float32: T.self == Float.self
            default: false
            }
        guard matches else {
            throw ModelError(.inputMismatch, "\(role) is \(tensor.type), not \(T.self)")
        }
    }
}
