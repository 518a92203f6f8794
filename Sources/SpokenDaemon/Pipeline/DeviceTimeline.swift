import SpokenNN

/// The chip's time: what it could have done between audio frames, and when each utterance's answer would have been
/// ready on it.
///
/// Every frame period grants `cyclesPerFrame` (clock × hop / sample rate) cycles. The listening work — the front end
/// and the VAD of that frame — comes first (`listeningCycles`); the rest of the period is the interpreter's slot.
/// A classification job is a sequence of stages: fixed work (finishing the utterance's features) and model
/// inferences run op by op with SpokenNN's `BudgetedInvocation`, each call granted what is left of the current
/// slot. An op that overruns its slot keeps the chip busy into the next one (its debt is paid there first), so a
/// job's finishing cycle is exact to the op whatever the frame cut.
///
/// The host is far faster than the chip, so `run` computes a job at once, as soon as the utterance ends, and
/// returns the device's account of it: the event goes out immediately, carrying the chip's latency. The timeline
/// remembers until which cycle the chip is busy; a job that becomes ready before that had to wait — speech came
/// faster than the chip could classify — and is reported with `budgetOK == false` (the pipeline counts those).
///
/// Not thread-safe: the pipeline's processing thread owns it. `advance` allocates nothing.
public final class DeviceTimeline {
    /// One piece of a job.
    public enum Stage {
        /// Work of a known cycle count (finishing features, quantizing an input).
        case fixed(cycles: Int)
        /// A model inference: `prepare` sets its inputs just before its first op runs (the arena is shared, so
        /// the inputs of the next model may not be written earlier).
        case inference(BudgetedInvocation, prepare: () -> Void)
    }

    /// A job's account on the device.
    public struct Completion: Sendable, Equatable {
        /// Cycles of all its stages.
        public var cycles: Int
        /// Cycles from the moment it became ready (the end of its frame's listening work) to its last op.
        public var latencyCycles: Int
        /// Whether the chip was free when it became ready.
        public var budgetOK: Bool
    }

    /// Cycles of one frame period.
    public let cyclesPerFrame: Int
    /// Cycles the front end and VAD spend every frame.
    public let listeningCycles: Int
    /// Frame periods elapsed.
    public private(set) var frame = 0
    /// The cycle at which the chip finishes the work it has been given.
    public private(set) var busyUntil = 0

    /// A timeline for frames of `hop` samples at `sampleRate` on `profile`'s clock, with `listeningCycles` of front
    /// end and VAD per frame. Throws when the listening work alone does not fit in a frame: such a chip cannot keep
    /// up with the audio at all.
    public init(profile: DeviceProfile, sampleRate: Int, hop: Int, listeningCycles: Int) throws(DaemonError) {
        cyclesPerFrame = Int((Double(profile.clockHz) * Double(hop) / Double(sampleRate)).rounded(.down))
        guard listeningCycles < cyclesPerFrame else {
            throw DaemonError(
                .model,
                "the front end and VAD need \(listeningCycles) cycles per \(hop)-sample frame, but \(profile.name) "
                    + "has only \(cyclesPerFrame) at \(profile.clockHz / 1_000_000) MHz: it cannot keep up with the audio"
            )
        }
        self.listeningCycles = listeningCycles
    }

    /// The device cycle at which the current frame period starts.
    public var currentCycle: Int { frame * cyclesPerFrame }

    /// One frame period passes.
    public func advance() { frame += 1 }

    /// Runs a job that became ready in the current frame (after its listening work) and returns its account.
    public func run(_ stages: [Stage]) -> Completion {
        let ready = currentCycle + listeningCycles
        let budgetOK = busyUntil <= ready
        var position = max(ready, busyUntil)
        var cycles = 0
        for stage in stages {
            switch stage {
            case .fixed(let work):
                position = spend(work, from: position)
                cycles += work
            case .inference(let invocation, let prepare):
                prepare()
                while true {
                    position = slotted(position)
                    let slotEnd = (position / cyclesPerFrame + 1) * cyclesPerFrame
                    let slice = invocation.run(allowance: slotEnd - position)
                    for op in slice.ran { cycles += op.cycles }
                    if slice.finished {
                        if slice.credit >= 0 {
                            position = slotEnd - slice.credit
                        } else {
                            // The last op runs on into later slots; its debt is settled here, so the next
                            // invocation starts with a clean credit.
                            position = spend(-slice.credit, from: slotEnd)
                            _ = invocation.run(allowance: -slice.credit)
                        }
                        break
                    }
                    position = slotEnd
                }
            }
        }
        busyUntil = position
        return Completion(cycles: cycles, latencyCycles: position - ready, budgetOK: budgetOK)
    }

    /// `position`, moved past its frame's listening work if it falls inside it.
    private func slotted(_ position: Int) -> Int {
        max(position, (position / cyclesPerFrame) * cyclesPerFrame + listeningCycles)
    }

    /// The cycle at which `work` interpreter cycles started at `position` are done.
    private func spend(_ work: Int, from position: Int) -> Int {
        var position = position
        var left = work
        while left > 0 {
            position = slotted(position)
            let slotEnd = (position / cyclesPerFrame + 1) * cyclesPerFrame
            let step = min(left, slotEnd - position)
            position += step
            left -= step
        }
        return position
    }
}
