import Testing

@testable import SpokenNN

/// The cases of TFLM's greedy_memory_planner_test.cc, with its expected offsets.
@Suite("GreedyMemoryPlanner")
struct GreedyMemoryPlannerTests {
    typealias Request = GreedyMemoryPlanner.Request

    @Test("buffers alive at different times share offset 0")
    func basics() {
        let plan = GreedyMemoryPlanner([
            Request(size: 10, firstUsed: 0, lastUsed: 1), Request(size: 20, firstUsed: 2, lastUsed: 3),
        ])
        #expect(plan.offsets == [0, 0])
        #expect(plan.size == 20)
    }

    @Test("TFLM's medium case: largest first, first fit in the gaps")
    func medium() {
        let plan = GreedyMemoryPlanner([
            Request(size: 10, firstUsed: 0, lastUsed: 1), Request(size: 20, firstUsed: 1, lastUsed: 2),
            Request(size: 30, firstUsed: 2, lastUsed: 3), Request(size: 40, firstUsed: 3, lastUsed: 4),
            Request(size: 50, firstUsed: 0, lastUsed: 1),
        ])
        #expect(plan.offsets == [50, 70, 40, 0, 0])
        #expect(plan.size == 90)
    }

    @Test("TFLM's overlap case")
    func overlap() {
        let plan = GreedyMemoryPlanner([
            Request(size: 100, firstUsed: 0, lastUsed: 1), Request(size: 50, firstUsed: 2, lastUsed: 3),
            Request(size: 20, firstUsed: 1, lastUsed: 2),
        ])
        #expect(plan.size == 120)
    }

    @Test("offline offsets are kept and the rest fill around them")
    func offline() {
        let plan = GreedyMemoryPlanner([
            Request(size: 16, firstUsed: 0, lastUsed: 2, offlineOffset: 32),
            Request(size: 32, firstUsed: 0, lastUsed: 2),
            Request(size: 16, firstUsed: 0, lastUsed: 2),
        ])
        #expect(plan.offsets == [32, 0, 48])
        #expect(plan.size == 64)
    }

    @Test("no two buffers alive at the same time overlap in memory, for random lifetimes", arguments: 1...20)
    func noOverlap(seed: Int) {
        var generator = SplitMix64(state: UInt64(seed))
        let requests = (0..<40).map { _ -> Request in
            let first = Int.random(in: 0..<30, using: &generator)
            return Request(
                size: 16 * Int.random(in: 1...20, using: &generator), firstUsed: first,
                lastUsed: first + Int.random(in: 0..<5, using: &generator))
        }
        let plan = GreedyMemoryPlanner(requests)
        for i in requests.indices {
            for j in requests.indices where i < j {
                let (a, b) = (requests[i], requests[j])
                guard a.firstUsed <= b.lastUsed, b.firstUsed <= a.lastUsed else { continue }
                let disjoint =
                    plan.offsets[i] + a.size <= plan.offsets[j] || plan.offsets[j] + b.size <= plan.offsets[i]
                #expect(disjoint, "buffers \(i) and \(j) overlap")
            }
        }
        #expect(plan.size <= requests.map(\.size).reduce(0, +))
    }
}
