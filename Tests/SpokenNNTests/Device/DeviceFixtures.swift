import Foundation
import SpokenNN
import Testing

/// The committed fixture models, read for the device tests.
enum DeviceFixtures {
    static func path(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "tflite")).path
    }

    static func model(_ name: String) throws -> Model {
        try ModelReader.read(contentsOf: path(name))
    }

    /// Deterministic int8 values for an input of `count` elements.
    static func input(count: Int, seed: UInt64) -> [Int8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int8(truncatingIfNeeded: state >> 56)
        }
    }
}
