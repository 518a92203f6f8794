import SpokenNN

/// The chip's time, frame by frame: what it could have done between audio frames, and when each utterance's answer
/// would have been ready.
///
/// Every frame period grants `cyclesPerFrame` (clock × hop / sample rate) cycles. The listening work — the front
/// end and the VAD of that frame — comes first (`listeningCycles`); what is left goes to the classification jobs,
/// oldest first, each a sequence of stages: fixed work (finishing the utterance's features) and model inferences
/// run op by op with SpokenNN's `BudgetedInvocation`. An op that overruns the frame keeps the chip busy into the
/// next one (its debt is paid first there), so a job's finishing time is exact to the op whatever the frame cut.
///
/// A job submitted while another is still queued or running had to wait: on the chip, speech came faster than it
/// could classify. Such jobs are reported with `budgetOK == false` and counted in `overruns` — never hidden. A frame
/// whose listening work alone exceeds the frame counts in `frameOverruns` (the chip cannot keep up with audio).
///
/// Not thread-safe: the pipeline's processing thread owns it. Advancing a frame with no job allocates nothing.
public final class DeviceTimeline {
    /// One piece of a job.
    public enum Stage {
        /// Work of a known cycle count (finishing features, quantizing an input).
        case fixed(cycles: Int)
        /// A model inference: `prepare` sets its inputs just before its first op runs (the arena is shared, so
        /// the inputs of the next model may not be written earlier).
        case inference(BudgetedInvocation, prepare: () -> Void)
    }

    /// A finished job.
    public struct Completion: Sendable, Equatable {
        /// The identifier given to `submit`.
        public var id: Int
        /// Cycles of all its stages.
        public var cycles: Int
        /// Cycles from its submission (the end of the utterance's last frame's listening work) to its last op.
        public var latencyCycles: Int
        /// Whether it started as soon as it was submitted (no earlier job was still in the way).
        public var budgetOK: Bool
    }

    private struct Job {
        var id: Int
        var stages: [Stage]
        var next = 0
        var started = false
        var remainingFixed = 0
        var cycles = 0
        var readyCycle: Int
        var budgetOK: Bool
    }

    /// Cycles of one frame period.
    public let cyclesPerFrame: Int
    /// Cycles the front end and VAD spend every frame.
    public let listeningCycles: Int
    /// Frame periods elapsed.
    public private(set) var frame = 0
    /// Jobs that had to wait for an earlier one.
    public private(set) var overruns = 0
    /// Frames whose listening work alone took longer than the frame.
    public private(set) var frameOverruns = 0
    private var jobs: [Job] = []
    /// An inference whose last op ran past its frame: the chip is busy with it until its debt is paid.
    private var debtor: BudgetedInvocation?

    /// A timeline for frames of `hop` samples at `sampleRate` on `profile`'s clock, with `listeningCycles` of front
    /// end and VAD per frame.
    public init(profile: DeviceProfile, sampleRate: Int, hop: Int, listeningCycles: Int) {
        cyclesPerFrame = Int((Double(profile.clockHz) * Double(hop) / Double(sampleRate)).rounded(.down))
        self.listeningCycles = listeningCycles
        jobs.reserveCapacity(8)
    }

    /// Whether jobs are queued or running.
    public var isBusy: Bool { !jobs.isEmpty }

    /// The device cycle at which the current frame period starts.
    public var currentCycle: Int { frame * cyclesPerFrame }

    /// Queues a job that becomes ready in the current frame, after its listening work.
    public func submit(id: Int, stages: [Stage]) {
        let waits = !jobs.isEmpty || (debtor?.credit ?? 0) < 0
        if waits { overruns += 1 }
        jobs.append(Job(id: id, stages: stages, readyCycle: currentCycle + listeningCycles, budgetOK: !waits))
    }

    /// One frame period passes: listening work, then jobs in what is left. Calls `completed` for each job that
    /// finished in it.
    public func advance(_ completed: (Completion) -> Void) {
        let frameEnd = currentCycle + cyclesPerFrame
        var allowance = cyclesPerFrame - listeningCycles
        if allowance < 0 {
            frameOverruns += 1
            allowance = 0
        }
        if let debtor, debtor.credit < 0 {
            let pay = min(allowance, -debtor.credit)
            _ = debtor.run(allowance: pay)
            allowance -= pay
            if debtor.credit >= 0 { self.debtor = nil }
        }
        // `allowance` is always the cycles left until `frameEnd`, so a stage that ends with credit `c` ends at
        // `frameEnd - c` (after it when `c` is negative: its last op overran).
        while allowance > 0, !jobs.isEmpty {
            var job = jobs[0]
            var finishedAt: Int?
            switch job.stages[job.next] {
            case .fixed(let cycles):
                if !job.started {
                    job.started = true
                    job.remainingFixed = cycles
                }
                let spent = min(allowance, job.remainingFixed)
                job.remainingFixed -= spent
                job.cycles += spent
                allowance -= spent
                if job.remainingFixed == 0 { finishedAt = frameEnd - allowance }
            case .inference(let invocation, let prepare):
                if !job.started {
                    job.started = true
                    prepare()
                }
                let slice = invocation.run(allowance: allowance)
                for op in slice.ran { job.cycles += op.cycles }
                if slice.finished {
                    finishedAt = frameEnd - slice.credit
                    if slice.credit < 0 { debtor = invocation }
                    allowance = max(0, slice.credit)
                } else {
                    allowance = 0
                }
            }
            if let finishedAt {
                job.next += 1
                job.started = false
                if job.next == job.stages.count {
                    jobs.removeFirst()
                    completed(
                        Completion(
                            id: job.id, cycles: job.cycles, latencyCycles: finishedAt - job.readyCycle,
                            budgetOK: job.budgetOK))
                    continue
                }
                if finishedAt > frameEnd { allowance = 0 }
            }
            jobs[0] = job
        }
        frame += 1
    }
}
