/// Places non-persistent buffers (activations, scratch) in the arena as TFLM's `GreedyMemoryPlanner` does.
///
/// Buffers are considered largest first (a stable descending sort, so equal sizes keep the order they were added
/// in: tensors by index, then scratch buffers); each goes at the lowest offset where it overlaps in address no
/// buffer that is alive at the same time. Buffers with an offline offset (from `OfflineMemoryAllocation` metadata)
/// are placed first, at their given offset, and the rest fill the gaps around them. Sizes are expected already
/// aligned (`Arena.alignment`); lifetimes are inclusive op indices (`AllocationLifetimes`).
public struct GreedyMemoryPlanner: Sendable {
    /// One buffer to place.
    public struct Request: Equatable, Sendable {
        public var size: Int
        public var firstUsed: Int
        public var lastUsed: Int
        /// An offset fixed by an offline plan, or nil to let the planner choose.
        public var offlineOffset: Int?

        public init(size: Int, firstUsed: Int, lastUsed: Int, offlineOffset: Int? = nil) {
            self.size = size
            self.firstUsed = firstUsed
            self.lastUsed = lastUsed
            self.offlineOffset = offlineOffset
        }
    }

    /// Offsets of the requests, in the order they were given.
    public let offsets: [Int]
    /// The arena bytes the plan needs: the highest end of any placed buffer.
    public let size: Int

    public init(_ requests: [Request]) {
        var offsets = [Int](repeating: -1, count: requests.count)
        guard !requests.isEmpty else {
            self.offsets = []
            self.size = 0
            return
        }
        // Offline-planned buffers first, in request order; then the rest, largest first (stable).
        let offline = requests.indices.filter { requests[$0].offlineOffset != nil }
        let online = requests.indices.filter { requests[$0].offlineOffset == nil }
        let order = offline + Self.stableDescending(online, by: { requests[$0].size })

        // Placed buffers sorted by offset (ties: later-placed after earlier-placed, as TFLM's list insert).
        var placed: [(offset: Int, index: Int)] = []
        placed.reserveCapacity(requests.count)
        for (position, id) in order.enumerated() {
            let wanted = requests[id]
            var candidate = 0
            if let fixed = wanted.offlineOffset {
                candidate = fixed
            } else if position > 0 {
                for entry in placed {
                    let other = requests[entry.index]
                    guard other.firstUsed <= wanted.lastUsed, wanted.firstUsed <= other.lastUsed else { continue }
                    if entry.offset - candidate >= wanted.size { break }
                    candidate = max(candidate, entry.offset + other.size)
                }
            }
            offsets[id] = candidate
            // TFLM inserts after every entry whose offset is <= the new one, except that a new smallest offset
            // becomes the head of the list.
            if let first = placed.first, first.offset > candidate {
                placed.insert((candidate, id), at: 0)
            } else {
                let at = placed.firstIndex { $0.offset > candidate } ?? placed.count
                placed.insert((candidate, id), at: at)
            }
        }
        self.offsets = offsets
        self.size = requests.indices.map { offsets[$0] + requests[$0].size }.max() ?? 0
    }

    /// `ReverseSortInPlace`: a bubble sort that swaps only strictly smaller-before-larger pairs, hence stable.
    private static func stableDescending(_ ids: [Int], by key: (Int) -> Int) -> [Int] {
        ids.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka > kb : a.offset < b.offset
        }.map(\.element)
    }
}
