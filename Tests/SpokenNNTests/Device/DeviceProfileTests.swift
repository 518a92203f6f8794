import Foundation
import SpokenNN
import Testing

@Suite("Device profiles")
struct DeviceProfileTests {
    @Test("a profile survives a JSON round trip", arguments: ["nrf52840", "cortex-m4"])
    func roundTrip(name: String) throws {
        let profile = try DeviceProfile.named(name)
        #expect(try DeviceProfile.decode(try profile.json()) == profile)
    }

    @Test("a user's JSON names only the chip; the rest takes the defaults")
    func userProfile() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/profiles/tiny-chip", withExtension: "json"))
        let profile = try DeviceProfile.named(url.path)
        #expect(profile.name == "tiny-chip")
        #expect(profile.clockHz == 48_000_000)
        #expect(profile.arenaBytes == 8_192)
        #expect(profile.availableFlashBytes == 65_536)
        #expect(profile.flavor == .reference)
        #expect(profile.optimization == .size)
        #expect(profile.cycles == .cortexM4)
        #expect(profile.codeSize == .tflmCortexM4)
    }

    @Test("nRF52840: 52 µA/MHz at 3 V is 0.156 nJ per cycle; 190.75 KiB arena; 732 KiB flash for the model")
    func nrf52840() {
        let profile = DeviceProfile.nrf52840
        #expect(abs(profile.energyPerCycleJoules - 0.156e-9) < 1e-15)
        #expect(profile.arenaBytes == 195_328)
        #expect(profile.availableFlashBytes == 749_568)
        #expect(profile.seconds(cycles: 64_000_000) == 1)
        // A 10 ms audio hop gives the CPU 640 000 cycles at 64 MHz.
        #expect(profile.cycles(in: 0.010) == 640_000)
    }

    @Test("a broken or impossible profile is a ModelError that says what is wrong")
    func badProfiles() {
        let missing = Data(#"{"name": "x", "clockHz": 1}"#.utf8)
        #expect {
            try DeviceProfile.decode(missing)
        } throws: { error in
            (error as? ModelError)?.code == .badProfile && "\(error)".contains("ramBytes")
        }
        let overReserved = Data(
            #"{"name":"x","clockHz":1,"ramBytes":10,"flashBytes":10,"ramReserved":[{"purpose":"a","bytes":11}]}"#.utf8)
        #expect(throws: ModelError.self) { try DeviceProfile.decode(overReserved) }
        #expect(throws: ModelError.self) { try DeviceProfile.named("/nonexistent/chip.json") }
    }

    @Test("code size counts each operator once, with the flavour's table")
    func codeSize() {
        let table = CodeSizeTable.tflmCortexM4
        let ops: Set<BuiltinOperator> = [.conv2D, .softmax]
        #expect(table.bytes(for: ops, flavor: .reference) == table.framework + 3_584 + 2_560)
        #expect(table.bytes(for: ops, flavor: .cmsisNN) > table.bytes(for: ops, flavor: .reference))
    }
}
