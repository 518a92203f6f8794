import Foundation

/// What a model costs on a device: each op's shapes, MACs and cycles; where every tensor lives in the arena and
/// when; arena and flash against what the profile leaves for the model; latency, energy; and whether it fits.
///
/// The library side of `spokend inspect`: the command parses and prints, this type does the work so tests call it
/// directly. The arena figures come from loading the model into the real `Interpreter` (its planner and its
/// Cortex-M bookkeeping; for a CMSIS-NN build re-planned with the scratch buffers CMSIS-NN asks for,
/// `CMSISNNScratch`), the cycles from `CycleModel`.
public struct Inspection: Codable, Sendable {
    /// One operator's row.
    public struct OpRow: Codable, Equatable, Sendable {
        public var index: Int
        public var op: String
        public var kernel: String
        /// Shapes of the inputs that are activations (weights and biases left out).
        public var inputShapes: [[Int]]
        public var outputShapes: [[Int]]
        public var macs: Int
        public var cycles: Int
        public var milliseconds: Double
    }

    /// One buffer of the arena plan: a tensor or an op's scratch buffer, its place and its lifetime in op indices.
    public struct PlanBlock: Codable, Equatable, Sendable {
        /// The tensor's name, or "scratch of op N".
        public var name: String
        /// The tensor index, nil for scratch.
        public var tensor: Int?
        public var offset: Int
        public var bytes: Int
        /// The first and last op index during which the buffer must hold its data (graph inputs start at op 0).
        public var firstOp: Int
        public var lastOp: Int
    }

    /// Arena, flash, time and energy for the whole model.
    public struct Totals: Codable, Equatable, Sendable {
        /// Arena bytes in use: planned buffers plus persistent data at Cortex-M sizes.
        public var arenaUsed: Int
        /// The part of `arenaUsed` that the memory plan places (activations and scratch).
        public var arenaPlanned: Int
        public var arenaAvailable: Int
        public var modelBytes: Int
        /// Estimated interpreter code for the ops used (`CodeSizeTable`).
        public var interpreterCodeBytes: Int
        public var flashUsed: Int
        public var flashAvailable: Int
        public var macs: Int
        public var cycles: Int
        public var latencyMilliseconds: Double
        public var energyMicrojoules: Double
    }

    public var model: String
    public var profile: String
    public var clockHz: Int
    public var flavor: KernelFlavor
    public var optimization: OptimizationLevel
    public var energyPerCycleNanojoules: Double
    public var ops: [OpRow]
    public var plan: [PlanBlock]
    public var totals: Totals
    /// Whether the model fits both the arena and the flash the profile leaves for it.
    public var fits: Bool
    /// Why it does not fit (empty when it does).
    public var problems: [String]

    /// Inspects `model` (whose file has `modelBytes` bytes) on `profile`.
    ///
    /// The model is loaded into an arena of the profile's size; when it does not fit there it is loaded again into
    /// one as large as it asked for (up to `largestArenaShown`), so the report can still show the plan and say by how
    /// much it misses.
    public init(model: Model, name: String, modelBytes: Int, profile: DeviceProfile) throws {
        let interpreter: Interpreter
        do {
            interpreter = try Interpreter(model: model, arenaSize: profile.arenaBytes)
        } catch let error as AllocationError where error.needed <= Self.largestArenaShown {
            interpreter = try Self.loadUnbounded(model, needed: error.needed)
        }
        let cycleModel = CycleModel(profile: profile)
        let subgraph = interpreter.subgraph
        var rows: [OpRow] = []
        var usedOps: Set<BuiltinOperator> = []
        var scratch: [MemoryPlan.ScratchRequest] = []
        for (index, node) in subgraph.operators.enumerated() {
            let workload = try OpWorkload(model: model, operatorIndex: index)
            usedOps.insert(workload.op)
            let cost = cycleModel.cost(of: workload)
            if profile.flavor == .cmsisNN, let bytes = CMSISNNScratch.bytes(for: workload, kernel: cost.kernel) {
                if bytes > 0 { scratch.append(MemoryPlan.ScratchRequest(node: index, bytes: bytes)) }
            } else {
                scratch += Self.scratch(of: index, in: interpreter.plan)
            }
            func isActivation(_ tensor: Int32) -> Bool {
                guard tensor >= 0 else { return false }
                let buffer = Int(subgraph.tensors[Int(tensor)].buffer)
                return buffer >= model.buffers.count || model.buffers[buffer].data.isEmpty
            }
            rows.append(
                OpRow(
                    index: index, op: workload.op.description, kernel: cost.kernel,
                    inputShapes: node.inputs.filter(isActivation).map { subgraph.tensors[Int($0)].shape.map(Int.init) },
                    outputShapes: node.outputs.map { subgraph.tensors[Int($0)].shape.map(Int.init) },
                    macs: cost.macs, cycles: cost.cycles, milliseconds: profile.seconds(cycles: cost.cycles) * 1e3))
        }
        // The interpreter plans the reference kernels' scratch; a CMSIS-NN build asks for other buffers (im2col
        // columns, pooling sums), so its plan is made again with those, as TFLM's planner would.
        let memoryPlan =
            profile.flavor == .cmsisNN
            ? MemoryPlan(
                subgraph: subgraph, tensorBytes: subgraph.tensors.indices.map { interpreter.tensorData($0).count },
                hasData: subgraph.tensors.map { tensor in
                    Int(tensor.buffer) < model.buffers.count && !model.buffers[Int(tensor.buffer)].data.isEmpty
                },
                scratch: scratch,
                offlineOffsets: try Interpreter.offlinePlan(model, tensorCount: subgraph.tensors.count))
            : interpreter.plan
        let lastOp = max(subgraph.operators.count - 1, 0)
        plan = memoryPlan.entries.map { entry in
            // The plan counts time as TFLM does: 0 before the first op, op i at i + 1.
            let first = min(max(entry.firstUsed - 1, 0), lastOp)
            let last = min(max(entry.lastUsed - 1, 0), lastOp)
            switch entry.owner {
            case .tensor(let index):
                let name = subgraph.tensors[index].name ?? "tensor \(index)"
                return PlanBlock(
                    name: name, tensor: index, offset: entry.offset, bytes: entry.bytes, firstOp: first, lastOp: last)
            case .scratch(let node, _):
                return PlanBlock(
                    name: "scratch of op \(node)", tensor: nil, offset: entry.offset, bytes: entry.bytes,
                    firstOp: first, lastOp: last)
            }
        }
        let cycles = rows.reduce(0) { $0 + $1.cycles }
        let code = profile.codeSize.bytes(for: usedOps, flavor: profile.flavor)
        totals = Totals(
            arenaUsed: memoryPlan.size + interpreter.accounting.tail, arenaPlanned: memoryPlan.size,
            arenaAvailable: profile.arenaBytes,
            modelBytes: modelBytes, interpreterCodeBytes: code, flashUsed: modelBytes + code,
            flashAvailable: profile.availableFlashBytes, macs: rows.reduce(0) { $0 + $1.macs }, cycles: cycles,
            latencyMilliseconds: profile.seconds(cycles: cycles) * 1e3,
            energyMicrojoules: profile.joules(cycles: cycles) * 1e6)
        var problems: [String] = []
        if totals.arenaUsed > totals.arenaAvailable {
            problems.append("arena: needs \(totals.arenaUsed) bytes, \(totals.arenaAvailable) available")
        }
        if totals.flashUsed > totals.flashAvailable {
            problems.append("flash: needs \(totals.flashUsed) bytes, \(totals.flashAvailable) available")
        }
        self.model = name
        self.profile = profile.name
        self.clockHz = profile.clockHz
        self.flavor = profile.flavor
        self.optimization = profile.optimization
        self.energyPerCycleNanojoules = profile.energyPerCycleJoules * 1e9
        self.ops = rows
        self.problems = problems
        self.fits = problems.isEmpty
    }

    /// Inspects the `.tflite` file at `path`.
    public init(path: String, profile: DeviceProfile) throws {
        let model = try ModelReader.read(contentsOf: path)
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        try self.init(
            model: model, name: URL(fileURLWithPath: path).lastPathComponent, modelBytes: size, profile: profile)
    }

    /// The report as pretty-printed JSON with sorted keys; throws for a number JSON cannot hold (an infinite
    /// latency), which a validated profile never gives.
    public func json() throws(ModelError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw ModelError(.malformed, "the report on \(model) cannot be written as JSON: \(error)")
        }
    }

    /// The scratch requests the interpreter's plan holds for op `node`, in the order the op made them.
    private static func scratch(of node: Int, in plan: MemoryPlan) -> [MemoryPlan.ScratchRequest] {
        plan.entries.compactMap { entry -> (Int, MemoryPlan.ScratchRequest)? in
            guard case .scratch(let owner, let ordinal) = entry.owner, owner == node else { return nil }
            return (ordinal, MemoryPlan.ScratchRequest(node: node, bytes: entry.bytes))
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The largest arena a report loads a model into to show its plan: far beyond any microcontroller's RAM, and a
    /// bound on what a hostile model (a 2 GB tensor) makes the host allocate. A model needing more is refused with
    /// the `AllocationError` that says how much it needs.
    static let largestArenaShown = 64 << 20

    /// Loads a model that did not fit its profile into an arena as large as it asked for. The retries cover an
    /// allocation that stopped part-way (its `needed` then counts only what was asked for until then).
    private static func loadUnbounded(_ model: Model, needed: Int) throws -> Interpreter {
        var size = needed
        for _ in 0..<4 {
            do {
                return try Interpreter(model: model, arenaSize: size)
            } catch let error as AllocationError where error.needed <= largestArenaShown {
                size = max(error.needed, size * 2)
            }
        }
        return try Interpreter(model: model, arenaSize: size)
    }
}
