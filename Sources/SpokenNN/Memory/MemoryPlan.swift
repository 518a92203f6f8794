/// Where every non-persistent buffer of a subgraph lives in the arena, and for which ops it is alive.
///
/// TFLM's `AllocationInfoBuilder` + `CreatePlan`: graph inputs and outputs are created at time 0; op `i` runs at
/// time `i + 1`, creates its outputs then and uses its inputs then; graph outputs stay alive to the end; a scratch
/// buffer lives only during its op. A tensor needs arena space when it has no constant data, is not a variable and
/// has a non-zero size; a variable tensor only when the offline plan places it (otherwise it gets a persistent
/// buffer, `ArenaAccounting`). Sizes are rounded up to `Arena.alignment` (16) before planning, as `AlignSizeUp` does.
public struct MemoryPlan: Sendable {
    /// A buffer the plan placed.
    public struct Entry: Equatable, Sendable {
        public enum Owner: Equatable, Sendable {
            case tensor(Int)
            /// The scratch buffer of op `node` (its `index`-th request).
            case scratch(node: Int, index: Int)
        }
        public var owner: Owner
        /// Bytes the data needs (before alignment).
        public var bytes: Int
        public var offset: Int
        /// Times as TFLM counts them: 0 before the first op, op `i` at `i + 1`.
        public var firstUsed: Int
        public var lastUsed: Int
    }

    /// A scratch buffer an op asks for at prepare time (`RequestScratchBufferInArena`).
    public struct ScratchRequest: Equatable, Sendable {
        public var node: Int
        public var bytes: Int

        public init(node: Int, bytes: Int) {
            self.node = node
            self.bytes = bytes
        }
    }

    public let entries: [Entry]
    /// Bytes of the arena's head (non-persistent) section.
    public let size: Int

    /// Plans `subgraph`, whose tensors need `tensorBytes[i]` bytes each, with `scratch` buffers and optionally a
    /// per-tensor offline plan (-1: let the planner choose).
    public init(
        subgraph: Subgraph, tensorBytes: [Int], hasData: [Bool], scratch: [ScratchRequest],
        offlineOffsets: [Int32]? = nil
    ) {
        let tensorCount = subgraph.tensors.count
        var first = [Int](repeating: -1, count: tensorCount + scratch.count)
        var last = [Int](repeating: -1, count: tensorCount + scratch.count)
        func created(_ id: Int, _ time: Int) {
            first[id] = time
            last[id] = time
        }
        var time = 0
        for input in subgraph.inputs { created(Int(input), time) }
        for output in subgraph.outputs { created(Int(output), time) }
        for (node, op) in subgraph.operators.enumerated() {
            time += 1
            for output in op.outputs { created(Int(output), time) }
            for input in op.inputs where input >= 0 { last[Int(input)] = time }
            for output in op.outputs { last[Int(output)] = time }
            for (index, request) in scratch.enumerated() where request.node == node {
                created(tensorCount + index, time)
            }
        }
        for output in subgraph.outputs { last[Int(output)] = time }

        var owners: [(Entry.Owner, Int)] = []
        var requests: [GreedyMemoryPlanner.Request] = []
        for (index, tensor) in subgraph.tensors.enumerated() where !hasData[index] && tensorBytes[index] != 0 {
            let offline = offlineOffsets.flatMap { $0[index] >= 0 ? Int($0[index]) : nil }
            // A variable tensor lives in the persistent tail (`ArenaAccounting`) unless the offline plan places it.
            guard !tensor.isVariable || offline != nil else { continue }
            owners.append((.tensor(index), tensorBytes[index]))
            requests.append(
                GreedyMemoryPlanner.Request(
                    size: Arena.alignUp(tensorBytes[index]), firstUsed: first[index], lastUsed: last[index],
                    offlineOffset: offline))
        }
        var perNode: [Int: Int] = [:]
        for (index, request) in scratch.enumerated() {
            let ordinal = perNode[request.node, default: 0]
            perNode[request.node] = ordinal + 1
            owners.append((.scratch(node: request.node, index: ordinal), request.bytes))
            requests.append(
                GreedyMemoryPlanner.Request(
                    size: Arena.alignUp(request.bytes), firstUsed: first[tensorCount + index],
                    lastUsed: last[tensorCount + index]))
        }
        let planner = GreedyMemoryPlanner(requests)
        entries = owners.indices.map {
            Entry(
                owner: owners[$0].0, bytes: owners[$0].1, offset: planner.offsets[$0],
                firstUsed: requests[$0].firstUsed,
                lastUsed: requests[$0].lastUsed)
        }
        size = planner.size
    }
}
