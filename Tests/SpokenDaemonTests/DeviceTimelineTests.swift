import Foundation
import SpokenDaemon
import SpokenNN
import TestSupport
import Testing

@Suite("device timeline")
struct DeviceTimelineTests {
    static let modelPath = PythonReference.repositoryRoot
        .appendingPathComponent("Tests/SpokenNNTests/Fixtures/dscnn_kws.tflite").path

    /// The MLPerf Tiny DS-CNN fixture in a budgeted invocation on the nRF52840.
    static func invocation() throws -> BudgetedInvocation {
        let model = try ModelReader.read(contentsOf: modelPath)
        let profile = DeviceProfile.nrf52840
        let interpreter = try Interpreter(model: model, arenaSize: profile.arenaBytes)
        return try BudgetedInvocation(interpreter: interpreter, cycleModel: CycleModel(profile: profile))
    }

    /// 10 ms frames at 16 kHz on the nRF52840's 64 MHz: 640,000 cycles each.
    static func timeline(listening: Int) -> DeviceTimeline {
        DeviceTimeline(profile: .nrf52840, sampleRate: 16000, hop: 160, listeningCycles: listening)
    }

    @Test("a job costs its ops' cycles and finishes after them plus the listening work of the frames it spans")
    func oneJob() throws {
        let invocation = try Self.invocation()
        let inference = invocation.operatorCycles.reduce(0, +)
        let listening = 100_000
        let timeline = Self.timeline(listening: listening)
        #expect(timeline.cyclesPerFrame == 640_000)
        var prepared = 0
        timeline.submit(id: 7, stages: [.fixed(cycles: 5000), .inference(invocation, prepare: { prepared += 1 })])
        var done: [DeviceTimeline.Completion] = []
        var frames = 0
        while done.isEmpty, frames < 1000 {
            timeline.advance { done.append($0) }
            frames += 1
        }
        let completion = try #require(done.first)
        #expect(prepared == 1)
        #expect(completion.id == 7)
        #expect(completion.cycles == inference + 5000)
        #expect(completion.budgetOK)
        // The chip works on the job in every frame's remainder, so it finishes once the job's cycles fit in the
        // remainders; op granularity can push the end by at most one op.
        let allowance = 640_000 - listening
        let work = inference + 5000
        let framesSpanned = (work + allowance - 1) / allowance
        let lower = work + (framesSpanned - 1) * listening
        let upper = lower + listening + invocation.operatorCycles.max()!
        #expect(completion.latencyCycles >= lower)
        #expect(completion.latencyCycles <= upper)
        #expect(timeline.overruns == 0)
    }

    @Test("the same total cycles and latency however the work is sliced, and a job that waits is an overrun")
    func backToBack() throws {
        let first = try Self.invocation()
        let second = try Self.invocation()
        let timeline = Self.timeline(listening: 600_000)  // 40,000 cycles left per frame: many frames per job
        timeline.submit(id: 1, stages: [.inference(first, prepare: {})])
        timeline.advance { _ in Issue.record("a job this large cannot finish in one frame") }
        timeline.submit(id: 2, stages: [.inference(second, prepare: {})])
        var done: [DeviceTimeline.Completion] = []
        while done.count < 2, timeline.frame < 100_000 { timeline.advance { done.append($0) } }
        #expect(done.map(\.id) == [1, 2])
        #expect(done.map(\.budgetOK) == [true, false])
        #expect(timeline.overruns == 1)
        let inference = first.operatorCycles.reduce(0, +)
        #expect(done.map(\.cycles) == [inference, inference])
        // The second waited for the first: its latency includes the first's remaining work.
        #expect(done[1].latencyCycles > done[0].latencyCycles)
    }

    @Test("listening work beyond the frame is counted, and no job runs")
    func frameOverrun() throws {
        let timeline = Self.timeline(listening: 700_000)
        timeline.submit(id: 1, stages: [.fixed(cycles: 10)])
        for _ in 0..<3 { timeline.advance { _ in Issue.record("no cycles were left for the job") } }
        #expect(timeline.frameOverruns == 3)
        #expect(timeline.isBusy)
    }
}
