import Foundation
import SpokenNN
import Testing

@Suite("Inspection")
struct InspectionTests {
    static let model = "reshape"

    @Test("a small model fits the nRF52840; totals add up the ops")
    func fits() throws {
        let report = try Inspection(path: DeviceFixtures.path(Self.model), profile: .nrf52840)
        #expect(report.fits)
        #expect(report.problems.isEmpty)
        #expect(report.totals.cycles == report.ops.reduce(0) { $0 + $1.cycles })
        #expect(abs(report.totals.latencyMilliseconds - Double(report.totals.cycles) / 64_000) < 1e-9)
        #expect(report.totals.flashUsed == report.totals.modelBytes + report.totals.interpreterCodeBytes)
        #expect(report.totals.arenaUsed >= report.totals.arenaPlanned)
        #expect(report.table().contains("verdict  fits"))
    }

    @Test("a model too big for a tiny user profile does not fit, and the report says which memory and by how much")
    func doesNotFit() throws {
        let speck = DeviceProfile(name: "speck", clockHz: 16_000_000, ramBytes: 256, flashBytes: 8_192)
        let report = try Inspection(path: DeviceFixtures.path(Self.model), profile: speck)
        #expect(!report.fits)
        #expect(report.problems.contains { $0.hasPrefix("arena: needs \(report.totals.arenaUsed) bytes, 256") })
        #expect(report.problems.contains { $0.hasPrefix("flash:") })
        #expect(!report.plan.isEmpty)
        #expect(report.table().contains("DOES NOT FIT"))
    }

    @Test("with reference kernels the arena plan is the interpreter's, and the SVG draws one block per buffer")
    func plan() throws {
        let model = try DeviceFixtures.model(Self.model)
        let interpreter = try Interpreter(model: model, arenaSize: 1 << 20)
        var profile = DeviceProfile.nrf52840
        profile.flavor = .reference
        let report = try Inspection(path: DeviceFixtures.path(Self.model), profile: profile)
        #expect(report.totals.arenaUsed == interpreter.arenaUsed)
        #expect(report.plan.map(\.offset) == interpreter.plan.entries.map(\.offset))
        #expect(report.plan.map(\.bytes) == interpreter.plan.entries.map(\.bytes))
        let svg = report.svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: #"class="block""#).count - 1 == interpreter.plan.entries.count)
        for block in report.plan { #expect(svg.contains(block.name)) }
    }

    @Test(
        "inspecting the DS-CNN at 120 MHz gives MLPerf Tiny's CMSIS-NN latency within 15%, with reference kernels more",
        arguments: KernelFlavor.allCases)
    func dscnnAnchor(flavor: KernelFlavor) throws {
        var profile = DeviceProfile.cortexM4(clockHz: 120_000_000)
        profile.flavor = flavor
        let report = try Inspection(path: DeviceFixtures.path("dscnn_kws"), profile: profile)
        let milliseconds = report.totals.latencyMilliseconds
        if flavor == .reference {
            #expect(milliseconds >= 182, "\(milliseconds) ms")
        } else {
            #expect(abs(milliseconds / 100 - 1) < 0.15, "\(milliseconds) ms")
        }
        #expect(report.fits)
        #expect(report.ops.count == 12)
        #expect(
            report.ops.filter { $0.op == "DEPTHWISE_CONV_2D" }.allSatisfy { row in
                flavor == .cmsisNN ? row.kernel == "arm_depthwise_conv_3x3_s8" : row.kernel.hasPrefix("reference")
            })
    }

    @Test("a CMSIS-NN build plans the im2col columns and pooling sums CMSIS-NN asks for")
    func cmsisScratch() throws {
        var profile = DeviceProfile.cortexM4()
        profile.flavor = .reference
        let reference = try Inspection(path: DeviceFixtures.path("dscnn_kws"), profile: profile)
        profile.flavor = .cmsisNN
        let cmsis = try Inspection(path: DeviceFixtures.path("dscnn_kws"), profile: profile)
        let scratch = cmsis.plan.filter { $0.tensor == nil }
        // Op 0 is arm_convolve_s8 over 10×4×1: two 16-bit columns of 40; op 9 is arm_avgpool_s8 over 64 channels.
        #expect(scratch.map(\.name) == ["scratch of op 0", "scratch of op 9"])
        #expect(scratch.map(\.bytes) == [2 * 40 * 2, 64 * 4])
        #expect(reference.plan.allSatisfy { $0.tensor != nil })
        #expect(cmsis.totals.arenaUsed >= reference.totals.arenaUsed)
        #expect(cmsis.svg().components(separatedBy: #"class="block""#).count - 1 == cmsis.plan.count)
    }

    @Test("the JSON report decodes back to the same report")
    func json() throws {
        let report = try Inspection(path: DeviceFixtures.path(Self.model), profile: .cortexM4(clockHz: 120_000_000))
        let decoded = try JSONDecoder().decode(Inspection.self, from: Data(try report.json().utf8))
        #expect(decoded.ops == report.ops)
        #expect(decoded.plan == report.plan)
        #expect(decoded.totals == report.totals)
    }
}
