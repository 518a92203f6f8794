import Foundation
import SpokenNN
import Testing

@Suite("Hostile device profiles")
struct HostileProfileTests {
    /// Values a user's profile may hold in any numeric field: negative, zero, beyond every range, beyond `Int`.
    static var hostileValues: [Any] { [-1, 0, -1e308, 1e308, 1e-300, 4.5e15, Int.max, Int.min, 1e19] }

    /// Every numeric field of a profile as a key path into its JSON object.
    static func numericPaths(_ object: Any, prefix: [String] = []) -> [[String]] {
        guard let dictionary = object as? [String: Any] else { return [] }
        return dictionary.keys.sorted().flatMap { key -> [[String]] in
            let value = dictionary[key]!
            if value is NSNumber { return [prefix + [key]] }
            if let list = value as? [Any] {
                return list.indices.flatMap { numericPaths(list[$0], prefix: prefix + [key, "\($0)"]) }
            }
            return numericPaths(value, prefix: prefix + [key])
        }
    }

    static func replacing(_ object: Any, at path: ArraySlice<String>, with value: Any) -> Any {
        guard let key = path.first else { return value }
        if var list = object as? [Any], let index = Int(key) {
            list[index] = replacing(list[index], at: path.dropFirst(), with: value)
            return list
        }
        var dictionary = object as! [String: Any]
        dictionary[key] = replacing(dictionary[key]!, at: path.dropFirst(), with: value)
        return dictionary
    }

    @Test("every numeric field set to a hostile value is refused with a ModelError, or gives finite figures")
    func everyField() throws {
        let model = try DeviceFixtures.model("dscnn_kws")
        let profile = try JSONSerialization.jsonObject(with: DeviceProfile.nrf52840.json())
        let paths = Self.numericPaths(profile)
        #expect(paths.count > 40, "the walk must reach the cycle coefficients and code sizes")
        var refused = 0
        for path in paths {
            for value in Self.hostileValues {
                let json = try JSONSerialization.data(
                    withJSONObject: Self.replacing(profile, at: path[...], with: value))
                let label = "\(path.joined(separator: ".")) = \(value)"
                let device: DeviceProfile
                do {
                    device = try DeviceProfile.decode(json)
                } catch {
                    #expect(error.code == .badProfile, "\(label)")
                    #expect(!error.description.contains("\n"), "\(label)")
                    refused += 1
                    continue
                }
                let report = try Inspection(model: model, name: "dscnn", modelBytes: 1, profile: device)
                let totals = report.totals
                #expect(totals.latencyMilliseconds.isFinite && totals.energyMicrojoules.isFinite, "\(label)")
                #expect((0...DeviceProfile.largestCycleCount * report.ops.count).contains(totals.cycles), "\(label)")
                _ = try report.json()
            }
        }
        // A negative or astronomical value is out of range in every field.
        #expect(refused >= 4 * paths.count)
    }

    @Test(
        "a clock outside 1 kHz–10 GHz is refused, naming the clock", arguments: [0, -5, 1e-7, 1e300, .infinity, .nan])
    func clocks(megahertz: Double) {
        #expect {
            try DeviceProfile.nrf52840.withClock(megahertz: megahertz)
        } throws: { error in
            (error as? ModelError)?.code == .badProfile && "\(error)".contains("MHz")
        }
    }

    @Test("a clock inside the range converts to whole hertz")
    func clockInRange() throws {
        #expect(try DeviceProfile.nrf52840.withClock(megahertz: 120).clockHz == 120_000_000)
        #expect(try DeviceProfile.nrf52840.withClock(megahertz: 0.001).clockHz == 1_000)
    }
}
