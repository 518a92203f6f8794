import SpokenNN
import Testing

@Suite("Budgeted invocation")
struct BudgetedInvocationTests {
    static let models = ["reshape", "dscnn_kws"]

    private func load(_ name: String) throws -> Interpreter {
        try Interpreter(model: DeviceFixtures.model(name), arenaSize: 1 << 20)
    }

    private func fill(_ interpreter: Interpreter, seed: UInt64) throws {
        let count = interpreter.subgraph.tensors[interpreter.inputs[0]].elementCount ?? 0
        try interpreter.setInput(DeviceFixtures.input(count: count, seed: seed))
    }

    @Test(
        "sliced into small allowances it resumes op by op and ends with a whole invoke's outputs and cycles",
        arguments: models, [1_000, 50_000, 2_000_000])
    func resumes(name: String, allowance: Int) throws {
        let whole = try load(name)
        try fill(whole, seed: 7)
        whole.invoke()
        let expected = try whole.output(0, as: Int8.self)

        let sliced = try load(name)
        try fill(sliced, seed: 7)
        let budget = try BudgetedInvocation(
            interpreter: sliced, cycleModel: CycleModel(flavor: .cmsisNN, optimization: .speed))
        var slices: [BudgetedInvocation.Slice] = []
        let total = budget.operatorCycles.reduce(0, +)
        repeat {
            slices.append(budget.run(allowance: allowance))
        } while !slices.last!.finished && slices.count <= total / allowance + sliced.operatorCount
        #expect(slices.last!.finished)
        // Every granted cycle went to an op, and the last op's overrun is the final debt: nothing lost, nothing free.
        #expect(slices.count * allowance - slices.last!.credit == total)
        #expect(try sliced.output(0, as: Int8.self) == expected)
        let ran = slices.flatMap(\.ran)
        #expect(ran.map(\.index) == Array(0..<sliced.operatorCount))
        #expect(budget.invocationCycles == budget.operatorCycles.reduce(0, +))
        #expect(ran.map(\.cycles) == budget.operatorCycles)
        // Each op started while credit was positive, so no slice ran an op after its allowance was spent.
        for slice in slices.dropLast() { #expect(slice.credit <= 0) }
    }

    @Test("a whole invocation through the budget costs the sum of the op costs, every time", arguments: models)
    func repeatable(name: String) throws {
        let interpreter = try load(name)
        try fill(interpreter, seed: 3)
        let budget = try BudgetedInvocation(
            interpreter: interpreter, cycleModel: CycleModel(flavor: .reference, optimization: .size))
        let first = budget.runToEnd()
        #expect(first == budget.operatorCycles.reduce(0, +))
        #expect(budget.runToEnd() == first)
        #expect(!budget.isRunning)
    }

    @Test("an overrunning op leaves a debt that the next allowance pays before any op runs")
    func debt() throws {
        let interpreter = try load(Self.models[0])
        try fill(interpreter, seed: 1)
        let budget = try BudgetedInvocation(
            interpreter: interpreter, cycleModel: CycleModel(flavor: .reference, optimization: .speed))
        let first = budget.run(allowance: 1)
        #expect(first.ran.count == 1)
        #expect(first.credit == 1 - budget.operatorCycles[0])
        let second = budget.run(allowance: 1)
        #expect(second.ran.isEmpty)
        #expect(second.credit == 2 - budget.operatorCycles[0])
    }
}
