/// What a model costs in TFLM's arena, byte for byte, on a given target: the memory plan's head plus the persistent
/// tail, itemised as TFLM's `RecordingMicroAllocator` itemises it.
///
/// spokend keeps its own bookkeeping in Swift values; what the device would spend on it is charged here at the
/// target's struct sizes (`ABI`), in the order `MicroInterpreter::AllocateTensors` allocates it, each block aligned
/// down from the arena's end as TFLM's tail allocator does (so the padding between blocks is TFLM's too):
/// the allocator's own objects; `SubgraphAllocations`; a `NodeAndRegistration` (32 bytes on a Cortex-M, 64 on a
/// 64-bit host) per op; a `TfLiteEvalTensor` (12 / 24) per tensor; each op's parsed builtin options; each kernel's
/// `OpData` (`Init`) and per-channel arrays (`Prepare`), 16-byte aligned; a `ScratchBufferHandle` per scratch buffer;
/// and for every graph input and output a pointer slot, a persistent `TfLiteTensor` (40 / 64) with its
/// `TfLiteAffineQuantization` (12 / 24) and zero-point array.
public struct ArenaAccounting: Sendable {
    /// The target's C layout.
    public struct ABI: Equatable, Sendable {
        public var pointerSize: Int
        public var doubleAlignment: Int
        /// The allocator's objects TFLM places in the tail before the model's (`SingleArenaBufferAllocator`,
        /// `MicroAllocator`, `GreedyMemoryPlanner`, `MicroBuiltinDataAllocator`).
        public var allocatorObjects: Int
        /// Whether TFLM was built with `USE_TFLM_COMPRESSION` (extra `OpData` members).
        public var compression: Bool

        /// A 32-bit Arm Cortex-M (AAPCS: 4-byte pointers and `size_t`, 8-byte-aligned `double`). The allocator
        /// objects are estimated from their members (about 36 + 32 + 44 + 8 bytes): a device build has no recording
        /// allocator.
        public static let cortexM = ABI(pointerSize: 4, doubleAlignment: 8, allocatorObjects: 120, compression: false)
        /// The 64-bit host the `tflite-micro` Python package runs on, to compare with it. Its allocator objects
        /// (472 bytes) include the `RecordingMicroAllocator`'s statistics, measured from that package: the
        /// unitemised part of its tail is 472 + 16 (`SubgraphAllocations`) + the options structs for every model.
        public static let host64 = ABI(pointerSize: 8, doubleAlignment: 8, allocatorObjects: 472, compression: true)
    }

    /// One category of the tail, as `RecordingMicroAllocator` prints them.
    public struct Item: Equatable, Sendable {
        public var what: String
        /// Bytes requested.
        public var requested: Int
        /// Bytes used, alignment padding included.
        public var used: Int
        /// Number of allocations.
        public var count: Int
    }

    public let abi: ABI
    /// The non-persistent section: the memory plan.
    public let head: Int
    /// The persistent section, alignment padding included.
    public let tail: Int
    /// The tail by category, in the order first allocated.
    public let items: [Item]

    public var total: Int { head + tail }
    /// Where each variable tensor's buffer starts, in bytes below the arena's 16-aligned end (the tail grows down).
    public let variableOffsets: [Int: Int]

    /// The item named `what`, if anything was charged to it.
    public func item(_ what: String) -> Item? { items.first { $0.what == what } }

    /// Charges `model`'s tail; `variables` are the variable tensors the plan leaves out (TFLM's `AllocateVariables`
    /// gives each a persistent buffer unless the offline plan places it), with their bytes.
    init(
        model: Model, subgraph: Subgraph, plan: MemoryPlan, opData: [[PersistentAllocation]],
        variables: [(tensor: Int, bytes: Int)], abi: ABI
    ) {
        self.abi = abi
        head = plan.size
        var items: [Item] = []
        var top = 0  // bytes from the arena's 16-aligned end down to the tail's low end
        func charge(_ what: String, _ bytes: Int, alignment: Int) {
            let before = top
            top = Arena.alignUp(top + bytes, alignment)
            if let index = items.firstIndex(where: { $0.what == what }) {
                items[index].requested += bytes
                items[index].used += top - before
                items[index].count += 1
            } else {
                items.append(Item(what: what, requested: bytes, used: top - before, count: 1))
            }
        }
        let pointer = abi.pointerSize
        charge("allocator objects", abi.allocatorObjects, alignment: pointer)
        // StartModelAllocation.
        charge("SubgraphAllocations", model.subgraphs.count * 2 * pointer, alignment: pointer)
        charge(
            "NodeAndRegistration struct", subgraph.operators.count * Arena.alignUp(7 * pointer + 4, pointer),
            alignment: pointer)
        charge(
            "TfLiteEvalTensor data", subgraph.tensors.count * Arena.alignUp(2 * pointer + 4, pointer),
            alignment: pointer)
        // Builtin options of every op, then every op's Init, then every op's Prepare.
        for phase in [PersistentAllocation.Phase.builtinData, .initialize, .prepare] {
            for allocations in opData {
                for allocation in allocations where allocation.phase == phase {
                    let what = phase == .builtinData ? "builtin data" : "Persistent buffer data"
                    charge(what, allocation.size(abi), alignment: allocation.alignment(abi))
                }
            }
        }
        // FinishModelAllocation: one handle (a pointer) per scratch buffer.
        for entry in plan.entries {
            if case .scratch = entry.owner { charge("scratch buffer handles", pointer, alignment: pointer) }
        }
        // CommitStaticMemoryPlan: a buffer for every variable tensor, before the plan is made.
        var variableOffsets: [Int: Int] = [:]
        for variable in variables {
            charge("TfLiteTensor variable buffer data", variable.bytes, alignment: Arena.alignment)
            variableOffsets[variable.tensor] = top
        }
        self.variableOffsets = variableOffsets
        // The interpreter's input and output tensors.
        // TfLiteTensor (TF_LITE_STATIC_MEMORY): params {float, int32}, quantization {enum, pointer}, data, dims,
        // bytes (size_t), type, allocation_type, is_variable.
        let tfLiteTensor = Arena.alignUp(8 + Arena.alignUp(4, pointer) + pointer + 3 * pointer + 4 + 4 + 1, pointer)
        for indices in [subgraph.inputs, subgraph.outputs] {
            charge("Persistent buffer data", indices.count * pointer, alignment: Arena.alignment)
            for index in indices {
                charge("Persistent TfLiteTensor data", tfLiteTensor, alignment: pointer)
                if let q = subgraph.tensors[Int(index)].quantization, !q.scale.isEmpty, !q.zeroPoint.isEmpty {
                    charge(
                        "Persistent TfLiteTensor quantization data", Arena.alignUp(2 * pointer + 4, pointer),
                        alignment: pointer)
                    charge("Persistent TfLiteTensor quantization data", 4 + 4 * q.scale.count, alignment: 4)
                }
            }
        }
        self.items = items
        tail = Arena.alignUp(top, Arena.alignment)
    }
}
