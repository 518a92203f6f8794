import SpokenDSP
import SpokenSearch
import Testing

@Suite("early stopping")
struct EarlyStoppingTests {
    /// A trained record of generation 0 with the given accuracy and cost (latency, flash).
    func record(_ index: Int, accuracy: Double, latency: Double, flash: Int, status: CandidateRecord.Status = .ok)
        -> CandidateRecord
    {
        var random = SplitMix64(seed: UInt64(index))
        let genome = GenomeSpace().random(&random)
        let cost = CandidateCost(
            parameters: 1000, modelBytes: flash / 2, flashBytes: flash, arenaBytes: 4096, inferenceCycles: 100_000,
            latencyMilliseconds: latency, energyMicrojoules: 100)
        return CandidateRecord(
            planned: PlannedCandidate(generation: 0, index: index, genome: genome, cost: cost),
            architecture: genome.architecture(seconds: 1), status: status, accuracy: accuracy, cost: cost,
            seconds: 1)
    }

    @Test(
        "the line is half the accuracy of the least accurate network on the front; off-front and failed ones do not count"
    )
    func hopelessLine() {
        let cheap = record(0, accuracy: 0.40, latency: 5, flash: 10_000)
        let accurate = record(1, accuracy: 0.80, latency: 20, flash: 50_000)
        // Dominated by both: slower, larger and less accurate.
        let dominated = record(2, accuracy: 0.30, latency: 25, flash: 60_000)
        let failed = record(3, accuracy: 0.01, latency: 1, flash: 1_000, status: .failed)
        #expect(CandidateEvaluator.hopeless(below: [cheap, accurate, dominated, failed]) == 0.20)
        #expect(CandidateEvaluator.hopeless(below: [accurate]) == 0.40)
        #expect(CandidateEvaluator.hopeless(below: []) == nil, "no front yet: nothing is hopeless")
    }
}
