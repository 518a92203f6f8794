import Foundation
import SpokenDSP
import Testing

@Suite("FFTPlan cache and thread safety")
struct FFTPlanTests {
    @Test("one plan per size, shared")
    func sharedPerSize() throws {
        let a = try FFTPlan.shared(size: 256)
        let b = try FFTPlan.shared(size: 256)
        #expect(a === b)
        #expect(a.size == 256 && a.binCount == 129)
        #expect(try FFTPlan.shared(size: 512) !== a)
        #expect(throws: DSPError.self) { try FFTPlan.shared(size: 255) }
    }

    /// The frames of `signal` with a fresh STFT of `size`, flattened.
    static func frames(size: Int, _ signal: [Float]) throws -> [Float] {
        let stft = try STFT(size: size, hop: size / 4, window: .hann)
        var out: [Float] = []
        signal.withUnsafeBufferPointer { stft.forEachFrame(of: $0, center: false, padMode: .constant) { out += $0 } }
        return out
    }

    @Test("plans made and run from many threads at once give the single-threaded frames")
    func concurrentPlanningAndExecution() async throws {
        // Sizes no other test uses, so this test's threads race to make the plans.
        let sizes = [66, 130, 258, 514, 1026, 2046]
        let signal = TestSignal.noisyTone(count: 8192, seed: 21)
        let results = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for task in 0..<24 {
                let size = sizes[task % sizes.count]
                group.addTask { (size, try Self.frames(size: size, signal)) }
            }
            return try await group.reduce(into: [(Int, [Float])]()) { $0.append($1) }
        }
        #expect(results.count == 24)
        for size in sizes {
            let serial = try Self.frames(size: size, signal)
            for (resultSize, frames) in results where resultSize == size { #expect(frames == serial, "size \(size)") }
        }
    }
}
