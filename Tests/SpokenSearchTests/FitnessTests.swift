import SpokenSearch
import Testing

@Suite("fitness and constraints")
struct FitnessTests {
    func cost(flash: Int, energy: Double, arena: Int = 4000, latency: Double = 10) -> CandidateCost {
        CandidateCost(
            parameters: 1000, modelBytes: flash / 2, flashBytes: flash, arenaBytes: arena, inferenceCycles: 1,
            latencyMilliseconds: latency, energyMicrojoules: energy)
    }

    @Test("F = 0.6·acc + 0.2·min(1, 100 kB / flash) + 0.2·min(1, 1 mJ / energy), by hand")
    func paperFitness() {
        let fitness = Fitness()
        // 0.6·0.5 + 0.2·(100000/200000) + 0.2·1 (500 µJ is under 1 mJ) = 0.3 + 0.1 + 0.2
        #expect(abs(fitness.value(accuracy: 0.5, cost: cost(flash: 200_000, energy: 500)) - 0.6) < 1e-12)
        // 0.6·0.9 + 0.2·1 (50 kB is under 100 kB) + 0.2·(1000/4000) = 0.54 + 0.2 + 0.05
        #expect(abs(fitness.value(accuracy: 0.9, cost: cost(flash: 50_000, energy: 4000)) - 0.79) < 1e-12)
        // The paper's fittest number model at its 12.6% (17.7 KB, so the flash term is full), at 2 mJ.
        #expect(abs(fitness.value(accuracy: 0.126, cost: cost(flash: 17_700, energy: 2000)) - 0.3756) < 1e-12)
    }

    @Test("weights and references are configurable")
    func configurable() {
        let fitness = Fitness(
            accuracyWeight: 1, flashWeight: 0.5, energyWeight: 0, flashReferenceBytes: 10_000,
            energyReferenceMicrojoules: 1)
        // 1·0.8 + 0.5·(10000/40000) + 0 = 0.925
        #expect(abs(fitness.value(accuracy: 0.8, cost: cost(flash: 40_000, energy: 9)) - 0.925) < 1e-12)
    }

    @Test("bad weights are refused by name")
    func badWeights() {
        #expect(throws: SearchError.self) { try Fitness(flashWeight: -1).validate() }
        #expect(throws: SearchError.self) { try Fitness(accuracyWeight: 0, flashWeight: 0, energyWeight: 0).validate() }
        #expect(throws: Never.self) { try Fitness().validate() }
    }

    @Test("constraints name what a candidate breaks")
    func constraints() {
        let limits = Constraints(maxArenaBytes: 8000, maxFlashBytes: 20_000, maxLatencyMilliseconds: 50)
        #expect(limits.violations(cost(flash: 20_000, energy: 1, arena: 8000, latency: 50)).isEmpty)
        let broken = limits.violations(cost(flash: 20_001, energy: 1, arena: 9000, latency: 51))
        #expect(broken.count == 3)
        #expect(broken[0].hasPrefix("arena 9000 B"))
        #expect(broken[1].hasPrefix("flash 20001 B"))
        #expect(broken[2].hasPrefix("latency 51 ms"))
    }
}
