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
    static func timeline(listening: Int) throws -> DeviceTimeline {
        try DeviceTimeline(profile: .nrf52840, sampleRate: 16000, hop: 160, listeningCycles: listening)
    }

    @Test("a job costs its stages' cycles and ends after them plus the listening work of the frames it spans")
    func oneJob() throws {
        let invocation = try Self.invocation()
        let inference = invocation.operatorCycles.reduce(0, +)
        let listening = 100_000
        let timeline = try Self.timeline(listening: listening)
        #expect(timeline.cyclesPerFrame == 640_000)
        var prepared = 0
        let completion = timeline.run([.fixed(cycles: 5000), .inference(invocation, prepare: { prepared += 1 })])
        #expect(prepared == 1)
        #expect(completion.cycles == inference + 5000)
        #expect(completion.budgetOK)
        // The chip works on the job in every frame's slot after the listening work, so it ends once the job's
        // cycles fit in the slots; an op that overruns its slot is pushed past the next listening work.
        let slot = 640_000 - listening
        let work = inference + 5000
        let framesSpanned = (work + slot - 1) / slot
        let lower = work + (framesSpanned - 1) * listening
        let upper = lower + listening
        #expect(completion.latencyCycles >= lower)
        #expect(completion.latencyCycles <= upper)
        #expect(timeline.busyUntil == 100_000 + completion.latencyCycles)
    }

    @Test("the outputs are those of a whole invoke however the slots cut the ops")
    func outputsMatchWholeInvoke() throws {
        let budgeted = try Self.invocation()
        let whole = try Self.invocation()
        let input = (0..<budgeted.interpreter.tensorData(budgeted.interpreter.inputs[0]).count).map {
            Int8(truncatingIfNeeded: $0 &* 37)
        }
        try whole.interpreter.setInput(input)
        whole.interpreter.invoke()
        let timeline = try Self.timeline(listening: 630_000)  // 10,000-cycle slots: ops cut everywhere
        _ = timeline.run([.inference(budgeted, prepare: { try? budgeted.interpreter.setInput(input) })])
        let expected: [Int8] = try whole.interpreter.output(as: Int8.self)
        let budgetedOutput: [Int8] = try budgeted.interpreter.output(as: Int8.self)
        #expect(budgetedOutput == expected)
        #expect(budgeted.credit == 0)
    }

    @Test("a job that becomes ready while the chip is busy waits, is not within budget, and its latency shows it")
    func backToBack() throws {
        let first = try Self.invocation()
        let second = try Self.invocation()
        let timeline = try Self.timeline(listening: 600_000)  // 40,000 cycles per slot: many frames per job
        let one = timeline.run([.inference(first, prepare: {})])
        timeline.advance()
        let two = timeline.run([.inference(second, prepare: {})])
        timeline.advance()
        #expect(one.budgetOK)
        #expect(!two.budgetOK)
        let inference = first.operatorCycles.reduce(0, +)
        #expect(one.cycles == inference)
        #expect(two.cycles == inference)
        // The second started when the first ended, one frame after it became ready.
        #expect(two.latencyCycles > one.latencyCycles)
        // Long after both, the chip is free again.
        for _ in 0..<(timeline.busyUntil / timeline.cyclesPerFrame) { timeline.advance() }
        #expect(timeline.run([.fixed(cycles: 10)]).budgetOK)
    }

    @Test("a front end and VAD that do not fit in a frame are refused")
    func listeningBeyondTheFrame() {
        #expect(throws: DaemonError.self) { try Self.timeline(listening: 640_000) }
    }
}
