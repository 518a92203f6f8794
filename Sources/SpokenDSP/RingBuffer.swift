import Synchronization

/// A lock-free single-producer/single-consumer ring of `Float` samples between the capture thread and the front end.
///
/// The writer never blocks and never waits for the reader: when the reader lags by more than `capacity` samples,
/// the oldest audio is lost and the reader counts it in `droppedSamples`. The writer does not touch the read
/// position, so there is nothing for the two threads to race on except what is described here.
///
/// ## Design
/// Positions are monotonic 64-bit sample counters (they would take millions of years to wrap at audio rates); a
/// counter maps to the slot `counter & (capacity - 1)`.
/// - `published`: samples the writer has finished storing. Only the writer stores it (release); the reader loads it
///   (acquire), so every slot below it holds its sample.
/// - `claimed`: samples the writer may be storing right now. The writer raises it *before* it overwrites any slot
///   (a relaxed store followed by a release fence), so a slot that the reader sees overwritten implies a `claimed`
///   value that shows it.
/// - `consumed`: the reader's position. Only the reader stores it.
///
/// A read works like a seqlock reader: if `published - consumed > capacity` the reader skips ahead to
/// `published - capacity` and counts the skipped samples; it copies the samples; then, after an acquire fence, it
/// loads `claimed`. Any copied sample at a position below `claimed - capacity` may have been overwritten while it
/// was copied, so it is discarded and counted as dropped too. Drops therefore always come before the samples a
/// read returns: after a read, the samples it returned start at position `returned so far + droppedSamples`.
///
/// The slots are relaxed atomics (plain loads and stores on x86-64 and arm64) rather than plain floats, so the
/// reader may race with an overwrite without undefined behaviour, and ThreadSanitizer checks the protocol.
///
/// Exactly one thread may call `write` and exactly one thread may call `read`; the counters may be read from any
/// thread.
public final class RingBuffer: @unchecked Sendable {
    /// The number of samples the ring holds, a power of two.
    public let capacity: Int
    private let mask: UInt64
    private let slots: UnsafeMutablePointer<Atomic<UInt32>>
    private let published = Atomic<UInt64>(0)
    private let claimed = Atomic<UInt64>(0)
    private let consumed = Atomic<UInt64>(0)
    private let dropped = Atomic<UInt64>(0)

    /// Makes a ring of at least `minimumCapacity` samples (rounded up to a power of two, at most 2^30).
    public init(minimumCapacity: Int) throws(DSPError) {
        guard minimumCapacity > 0, minimumCapacity <= 1 << 30 else {
            throw DSPError(
                .invalidConfiguration, "ring buffer capacity \(minimumCapacity) is not between 1 and \(1 << 30)")
        }
        var capacity = 1
        while capacity < minimumCapacity { capacity <<= 1 }
        self.capacity = capacity
        self.mask = UInt64(capacity - 1)
        slots = .allocate(capacity: capacity)
        for index in 0..<capacity { (slots + index).initialize(to: Atomic<UInt32>(0)) }
    }

    deinit {
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    /// Appends `samples`; never blocks. Only the producer thread may call it.
    ///
    /// If `samples` is longer than the ring, only its last `capacity` samples can ever be read; the rest are counted
    /// as dropped by the reader.
    public func write(_ samples: UnsafeBufferPointer<Float>) {
        guard let base = samples.baseAddress, !samples.isEmpty else { return }
        let start = published.load(ordering: .relaxed)
        let end = start + UInt64(samples.count)
        claimed.store(end, ordering: .relaxed)
        // Orders the claim before the slot stores below: a reader that sees one of them also sees the claim.
        atomicMemoryFence(ordering: .releasing)
        let skip = max(0, samples.count - capacity)
        var position = start + UInt64(skip)
        for index in skip..<samples.count {
            slots[Int(truncatingIfNeeded: position & mask)].store(base[index].bitPattern, ordering: .relaxed)
            position += 1
        }
        published.store(end, ordering: .releasing)
    }

    /// Appends `samples`; never blocks. Only the producer thread may call it.
    public func write(_ samples: [Float]) {
        samples.withUnsafeBufferPointer { write($0) }
    }

    /// Moves up to `buffer.count` of the oldest unread samples into `buffer` and returns how many it moved.
    ///
    /// Only the consumer thread may call it. Samples lost to overruns before the returned ones are added to
    /// `droppedSamples`; the returned samples are consecutive.
    public func read(into buffer: UnsafeMutableBufferPointer<Float>) -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        let end = published.load(ordering: .acquiring)
        var start = consumed.load(ordering: .relaxed)
        var lost: UInt64 = 0
        if end - start > UInt64(capacity) {
            lost = end - UInt64(capacity) - start
            start = end - UInt64(capacity)
        }
        let count = Int(min(UInt64(buffer.count), end - start))
        var position = start
        for index in 0..<count {
            base[index] = Float(bitPattern: slots[Int(truncatingIfNeeded: position & mask)].load(ordering: .relaxed))
            position += 1
        }
        // Pairs with the writer's release fence: if a slot load above saw an overwrite, `claimed` shows it.
        atomicMemoryFence(ordering: .acquiring)
        let claim = claimed.load(ordering: .relaxed)
        var valid = count
        if claim > start + UInt64(capacity) {
            let overwritten = Int(min(claim - UInt64(capacity) - start, UInt64(count)))
            valid = count - overwritten
            lost += UInt64(overwritten)
            // Forward copy to a lower address: safe although the ranges overlap.
            for index in 0..<valid { base[index] = base[overwritten + index] }
        }
        consumed.store(start + UInt64(count), ordering: .relaxed)
        if lost > 0 { dropped.add(lost, ordering: .relaxed) }
        return valid
    }

    /// Samples written and not yet read or dropped (a snapshot; at most `capacity` are readable).
    public var availableSamples: Int {
        let end = published.load(ordering: .acquiring)
        let start = consumed.load(ordering: .relaxed)
        return Int(min(end &- start, UInt64(capacity)))
    }

    /// All samples the writer has appended since the ring was made.
    public var writtenSamples: UInt64 { published.load(ordering: .acquiring) }

    /// All samples the reader has lost to overruns since the ring was made.
    public var droppedSamples: UInt64 { dropped.load(ordering: .relaxed) }
}
