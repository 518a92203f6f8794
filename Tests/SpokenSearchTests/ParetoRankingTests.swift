import SpokenSearch
import Testing

/// A hand-worked NSGA-II example (both objectives minimized):
///
///     A (1,5)  B (2,3)  C (4,1)  D (3,4)  E (5,5)  F (4,2)
///
/// A, B, C dominate each other nowhere: front 0. B dominates D (2<3, 3<4); C dominates F (4=4, 1<2); neither D nor F
/// dominates the other: front 1. E is dominated by everything else in front 1 too: front 2.
/// Crowding in front 0: A and C are the extremes (∞); B gets (4−1)/(4−1) on the first objective and (5−1)/(5−1) on
/// the second: 2.
@Suite("NSGA-II")
struct ParetoRankingTests {
    let points: [[Double]] = [[1, 5], [2, 3], [4, 1], [3, 4], [5, 5], [4, 2]]

    @Test("non-dominated sorting gives the hand-worked fronts")
    func fronts() {
        #expect(ParetoRanking.fronts(points) == [[0, 1, 2], [3, 5], [4]])
        #expect(ParetoRanking.dominates([2, 3], [3, 4]))
        #expect(!ParetoRanking.dominates([2, 3], [2, 3]), "equal points do not dominate each other")
        #expect(!ParetoRanking.dominates([1, 5], [2, 3]))
    }

    @Test("crowding distance gives the hand-worked values")
    func crowding() {
        #expect(ParetoRanking.crowding([0, 1, 2], points) == [.infinity, 2, .infinity])
        let four: [[Double]] = [[0, 10], [1, 6], [3, 2], [10, 0]]
        // Objective 0 spans 10: point 1 gets (3−0)/10, point 2 (10−1)/10; objective 1 spans 10: point 1 gets
        // (10−2)/10, point 2 (6−0)/10.
        let distance = ParetoRanking.crowding([0, 1, 2, 3], four)
        #expect(distance[0] == .infinity && distance[3] == .infinity)
        #expect(abs(distance[1] - 1.1) < 1e-12)
        #expect(abs(distance[2] - 1.5) < 1e-12)
    }

    @Test("the order is by front, then by crowding, then by index")
    func order() {
        #expect(ParetoRanking.order(points) == [0, 2, 1, 3, 5, 4])
    }
}
