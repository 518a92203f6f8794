import Foundation
import SpokenNN
import Testing

@Suite("Cycle model on the DS-CNN fixture")
struct DSCNNFixtureCostTests {
    static func dscnn() throws -> Model {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/dscnn_kws", withExtension: "tflite"))
        return try ModelReader.read(contentsOf: url.path)
    }

    @Test(
        "the converted DS-CNN costs MLPerf Tiny v1.0's CMSIS-NN figure within 15%, with reference kernels more than v0.5's",
        arguments: KernelFlavor.allCases)
    func anchor(flavor: KernelFlavor) throws {
        let model = try Self.dscnn()
        let cycleModel = CycleModel(flavor: flavor, optimization: .speed)
        var cycles = 0
        var macs = 0
        for index in model.subgraphs[0].operators.indices {
            let cost = cycleModel.cost(of: try OpWorkload(model: model, operatorIndex: index))
            cycles += cost.cycles
            macs += cost.macs
        }
        let milliseconds = Double(cycles) / 120e6 * 1e3
        if flavor == .reference {
            #expect(milliseconds >= 182, "\(flavor): \(milliseconds) ms")
        } else {
            #expect(abs(milliseconds / 100 - 1) < 0.15, "\(flavor): \(milliseconds) ms, anchor 100 ms")
        }
        #expect((2_600_000...2_800_000).contains(macs))
    }

    @Test("the fixture's layers are the paper's layers")
    func sameAsPaper() throws {
        let model = try Self.dscnn()
        let workloads = try model.subgraphs[0].operators.indices.map { index throws in
            try OpWorkload(model: model, operatorIndex: index)
        }
        let heavy = workloads.filter { $0.macs > 0 }
        let paper = DSCNNWorkloads.layers.filter { $0.macs > 0 }
        #expect(heavy.map(\.macs) == paper.map(\.macs))
        #expect(heavy.map(\.window) == paper.map(\.window))
    }

    @Test("MEAN over height and width takes TFLM's specialised loop; other reductions the generic index walk")
    func reductions() throws {
        let cycleModel = CycleModel(flavor: .cmsisNN, optimization: .speed)
        func perElement(_ name: String) throws -> (String, Double) {
            let model = try DeviceFixtures.model(name)
            let workload = try OpWorkload(model: model, operatorIndex: 0)
            let cost = cycleModel.cost(of: workload)
            return (cost.kernel, Double(cost.cycles) / Double(workload.inputShape.reduce(1, *)))
        }
        let overHW = try perElement("mean_hw")
        let overW = try perElement("mean_w")
        #expect(overHW.0 == "reference_integer_ops::Mean")
        #expect(overW.0 == "reference_ops::QuantizedMeanOrSum")
        #expect(overW.1 > 1.5 * overHW.1)
        #expect(try OpWorkload(model: DeviceFixtures.model("mean_hw"), operatorIndex: 0).reducedAxes == [1, 2])
    }

    @Test("a workload of an operator that is not there, or of a convolution without a 4-D filter, is a ModelError")
    func malformed() throws {
        var model = try Self.dscnn()
        #expect(throws: ModelError.self) { try OpWorkload(model: model, operatorIndex: 99) }
        model.subgraphs[0].operators[0].inputs[1] = model.subgraphs[0].operators[0].inputs[0]
        model.subgraphs[0].tensors[Int(model.subgraphs[0].operators[0].inputs[0])].shape = [1, 49, 10]
        #expect(throws: ModelError.self) { try OpWorkload(model: model, operatorIndex: 0) }
    }
}
