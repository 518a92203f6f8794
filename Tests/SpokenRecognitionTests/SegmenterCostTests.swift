import SpokenDSP
import SpokenNN
import SpokenRecognition
import Testing

@Suite("SegmenterCost")
struct SegmenterCostTests {
    static let frontEnd = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)

    @Test("the VAD and segmenter are a small fraction of the front end on the nRF52840, stage by stage")
    func smallBesideTheFrontEnd() {
        let cost = SegmenterCost(segmenter: SegmenterConfig(), frontEnd: Self.frontEnd, profile: .nrf52840)
        let frontEnd = FrontEndCost(config: Self.frontEnd, profile: .nrf52840)
        #expect(cost.cyclesPerFrame == cost.stages.reduce(0) { $0 + $1.cycles })
        #expect(
            cost.stages.map(\.name) == [
                "bands", "smoothing", "score", "frame score", "level", "floor", "minimum", "history", "decision",
            ])
        #expect(cost.stages.allSatisfy { $0.cycles > 0 })
        #expect(cost.dutyCycle < 0.005)
        #expect(cost.cyclesPerFrame * 10 < frontEnd.cyclesPerFrame)
        #expect(abs(cost.dutyCycle - Double(cost.cyclesPerFrame) / 640_000) < 1e-12)
    }

    @Test("the cost follows the work: four cycles more per mel band, less for fewer detector bands")
    func scalesWithTheWork() {
        var wide = Self.frontEnd
        wide.mels = 80
        let base = SegmenterCost(segmenter: SegmenterConfig(), frontEnd: Self.frontEnd, profile: .nrf52840)
        let more = SegmenterCost(segmenter: SegmenterConfig(), frontEnd: wide, profile: .nrf52840)
        #expect(more.cyclesPerFrame - base.cyclesPerFrame == 4 * 40)
        var fourBands = SegmenterConfig()
        fourBands.bandEdges = [100, 500, 1500, 3500, 8000]
        let coarser = SegmenterCost(segmenter: fourBands, frontEnd: Self.frontEnd, profile: .nrf52840)
        #expect(coarser.cyclesPerFrame < base.cyclesPerFrame)
    }
}
