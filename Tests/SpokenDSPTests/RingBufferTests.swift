import Foundation
import SpokenDSP
import Synchronization
import Testing

@Suite("RingBuffer")
struct RingBufferTests {
    @Test("capacity is rounded up to a power of two; nonsense capacities are refused")
    func capacity() throws {
        #expect(try RingBuffer(minimumCapacity: 1).capacity == 1)
        #expect(try RingBuffer(minimumCapacity: 1000).capacity == 1024)
        #expect(try RingBuffer(minimumCapacity: 4096).capacity == 4096)
        #expect(throws: DSPError.self) { try RingBuffer(minimumCapacity: 0) }
        #expect(throws: DSPError.self) { try RingBuffer(minimumCapacity: (1 << 30) + 1) }
    }

    @Test("samples come out in order across wrap-arounds, whatever the chunk sizes", arguments: [1, 3, 7, 16, 17])
    func fifoOrder(chunk: Int) throws {
        let ring = try RingBuffer(minimumCapacity: 16)
        var next: Float = 0
        var expected: Float = 0
        var out = [Float](repeating: -1, count: 16)
        for _ in 0..<50 {
            // Write no more than the ring can hold, so nothing may be dropped.
            let room = ring.capacity - ring.availableSamples
            let chunkSamples = (0..<min(chunk, room)).map { Float($0) + next }
            next += Float(chunkSamples.count)
            ring.write(chunkSamples)
            let count = out.withUnsafeMutableBufferPointer { ring.read(into: .init(rebasing: $0[0..<5])) }
            for sample in out[0..<count] {
                #expect(sample == expected)
                expected += 1
            }
        }
        let rest = out.withUnsafeMutableBufferPointer { ring.read(into: $0) }
        for sample in out[0..<rest] {
            #expect(sample == expected)
            expected += 1
        }
        #expect(expected == next)
        #expect(ring.droppedSamples == 0)
        #expect(ring.writtenSamples == UInt64(next))
    }

    @Test("a lagging reader loses the oldest samples and counts them")
    func dropOldest() throws {
        let ring = try RingBuffer(minimumCapacity: 8)
        ring.write((0..<5).map(Float.init))
        ring.write((5..<20).map(Float.init))
        #expect(ring.availableSamples == 8)
        var out = [Float](repeating: -1, count: 32)
        let count = out.withUnsafeMutableBufferPointer { ring.read(into: $0) }
        #expect(Array(out[0..<count]) == (12..<20).map(Float.init))
        #expect(ring.droppedSamples == 12)

        // One write longer than the ring keeps only its newest `capacity` samples.
        ring.write((20..<45).map(Float.init))
        let second = out.withUnsafeMutableBufferPointer { ring.read(into: $0) }
        #expect(Array(out[0..<second]) == (37..<45).map(Float.init))
        #expect(ring.droppedSamples == 12 + 17)
        #expect(ring.availableSamples == 0)
        #expect(out.withUnsafeMutableBufferPointer { ring.read(into: $0) } == 0)
    }

    @Test("partial reads keep the rest for later, and a drop is counted once")
    func partialReads() throws {
        let ring = try RingBuffer(minimumCapacity: 4)
        ring.write((0..<6).map(Float.init))
        var out = [Float](repeating: -1, count: 2)
        #expect(out.withUnsafeMutableBufferPointer { ring.read(into: $0) } == 2)
        #expect(out == [2, 3])
        #expect(out.withUnsafeMutableBufferPointer { ring.read(into: $0) } == 2)
        #expect(out == [4, 5])
        #expect(ring.droppedSamples == 2)
    }

    /// A producer thread writes 0, 1, 2, … in chunks of varying size (some longer than the ring, so drops are
    /// certain) while this thread reads in varying sizes. Every sample read must be the next one of the sequence
    /// after the samples returned so far plus those counted as dropped: a sample never comes out twice, out of order,
    /// torn, or lost without being counted.
    @Test("two threads: every sample is the next in sequence or follows a counted gap", arguments: [16, 256, 4096])
    func twoThreadStress(capacity: Int) throws {
        let total = 1 << 20  // Floats hold these integers exactly (< 2^24).
        let ring = try RingBuffer(minimumCapacity: capacity)
        let done = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        let producer = Thread {
            var generator = SplitMix64(seed: 1)
            var chunk = [Float](repeating: 0, count: capacity * 3 / 2)
            var next = 0
            while next < total {
                let count = min(total - next, 1 + Int(generator.next() % UInt64(chunk.count)))
                for index in 0..<count { chunk[index] = Float(next + index) }
                chunk.withUnsafeBufferPointer { ring.write(.init(rebasing: $0[0..<count])) }
                next += count
            }
            done.store(true, ordering: .releasing)
            finished.signal()
        }
        producer.start()

        var generator = SplitMix64(seed: 2)
        var out = [Float](repeating: -1, count: capacity)
        var returned = 0
        var mismatches = 0
        var lastValue: Float = -1
        while true {
            let writerDone = done.load(ordering: .acquiring)
            let want = 1 + Int(generator.next() % UInt64(out.count))
            let count = out.withUnsafeMutableBufferPointer { ring.read(into: .init(rebasing: $0[0..<want])) }
            let first = returned + Int(ring.droppedSamples)
            for index in 0..<count where out[index] != Float(first + index) { mismatches += 1 }
            if count > 0 { lastValue = out[count - 1] }
            returned += count
            if writerDone && ring.availableSamples == 0 { break }
        }
        #expect(finished.wait(timeout: .now() + 60) == .success)
        #expect(mismatches == 0)
        #expect(returned + Int(ring.droppedSamples) == total)
        #expect(lastValue == Float(total - 1))
        #expect(ring.droppedSamples > 0)
        #expect(ring.writtenSamples == UInt64(total))
    }
}
