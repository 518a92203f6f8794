/// Runs an interpreter op by op inside cycle allowances, as the device would between audio frames, and resumes
/// where it stopped.
///
/// The device runs continuously: each audio frame period grants `clock × period` cycles (less the front end's
/// share), and an operator that starts near the end of one grant keeps running into the next. So this keeps a
/// cycle credit: `run(allowance:)` adds the allowance, then runs ops while the credit is positive, charging each op
/// its modelled cycles. An op that overruns leaves the credit negative — on the chip it is still running — and
/// the next allowance pays that debt first. The host computes the op at once; only the device time is modelled.
/// Total cycles are the same however the allowances are cut, and the outputs are those of a whole invoke.
public final class BudgetedInvocation {
    public let interpreter: Interpreter
    /// Modelled cycles of each operator, in execution order.
    public let operatorCycles: [Int]
    /// Cycles granted but not yet spent (negative while an overrunning op is still running on the device).
    public private(set) var credit = 0
    /// Cycles charged to the invocation in progress (or to the last finished one, until the next starts).
    public private(set) var invocationCycles = 0

    /// What one allowance did.
    public struct Slice: Equatable, Sendable {
        /// Each op that ran in this slice: its index and modelled cycles.
        public var ran: [(index: Int, cycles: Int)]
        /// Whether the invocation's last op ran in this slice.
        public var finished: Bool
        /// The credit after this slice (negative: the device is still busy with the last op into the next slice).
        public var credit: Int

        public static func == (a: Slice, b: Slice) -> Bool {
            a.finished == b.finished && a.credit == b.credit && a.ran.map(\.index) == b.ran.map(\.index)
                && a.ran.map(\.cycles) == b.ran.map(\.cycles)
        }
    }

    /// Prices every op of `interpreter`'s model with `cycleModel`.
    public init(interpreter: Interpreter, cycleModel: CycleModel) throws(ModelError) {
        self.interpreter = interpreter
        var cycles: [Int] = []
        for index in 0..<interpreter.operatorCount {
            cycles.append(cycleModel.cost(of: try OpWorkload(model: interpreter.model, operatorIndex: index)).cycles)
        }
        operatorCycles = cycles
    }

    /// Whether an invocation is part-way through.
    public var isRunning: Bool { interpreter.isMidInvocation }

    /// Grants `allowance` cycles and runs ops while credit remains, stopping after the invocation's last op.
    ///
    /// Call again with the next allowance to resume; after the last op the next call starts a new invocation (set
    /// the inputs first). Leftover credit after a finished invocation is dropped (the device would sleep); a debt
    /// (the last op overran) is carried, so the next invocation starts only when the chip is free.
    public func run(allowance: Int) -> Slice {
        credit += allowance
        var ran: [(index: Int, cycles: Int)] = []
        while credit > 0 {
            let index = interpreter.nextOperator
            if index == 0 { invocationCycles = 0 }
            let cost = operatorCycles[index]
            let more = interpreter.invokeNextOperator()
            credit -= cost
            invocationCycles += cost
            ran.append((index, cost))
            if !more {
                let slice = Slice(ran: ran, finished: true, credit: credit)
                if credit > 0 { credit = 0 }
                return slice
            }
        }
        return Slice(ran: ran, finished: false, credit: credit)
    }

    /// Runs a whole invocation in one go and returns its cycles.
    public func runToEnd() -> Int {
        while !run(allowance: Int.max / 4).finished {}
        return invocationCycles
    }
}
