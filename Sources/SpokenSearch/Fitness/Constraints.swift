/// Hard limits a candidate must meet before it is trained at all: arena, flash and latency after speech on the
/// chip. Defaults are spokend's shipped targets (64 KiB arena, 128 KiB flash, 30 ms after the end of speech at
/// 64 MHz); the paper's fittest model (7 024 B arena, 368 ms on its board) needs `maxLatencyMilliseconds` raised.
public struct Constraints: Codable, Sendable, Equatable {
    public var maxArenaBytes: Int
    public var maxFlashBytes: Int
    public var maxLatencyMilliseconds: Double

    public init(maxArenaBytes: Int = 64 << 10, maxFlashBytes: Int = 128 << 10, maxLatencyMilliseconds: Double = 30) {
        self.maxArenaBytes = maxArenaBytes
        self.maxFlashBytes = maxFlashBytes
        self.maxLatencyMilliseconds = maxLatencyMilliseconds
    }

    private enum CodingKeys: String, CodingKey {
        case maxArenaBytes = "max_arena_bytes"
        case maxFlashBytes = "max_flash_bytes"
        case maxLatencyMilliseconds = "max_latency_ms"
    }

    /// What `cost` breaks, one phrase per limit; empty when it meets them all.
    public func violations(_ cost: CandidateCost) -> [String] {
        var problems: [String] = []
        if cost.arenaBytes > maxArenaBytes { problems.append("arena \(cost.arenaBytes) B > \(maxArenaBytes) B") }
        if cost.flashBytes > maxFlashBytes { problems.append("flash \(cost.flashBytes) B > \(maxFlashBytes) B") }
        if cost.latencyMilliseconds > maxLatencyMilliseconds {
            problems.append(
                "latency \(Int(cost.latencyMilliseconds.rounded())) ms > \(Int(maxLatencyMilliseconds.rounded())) ms")
        }
        return problems
    }

    public func validate() throws(SearchError) {
        guard maxArenaBytes > 0 else {
            throw SearchError(.invalidConfig, "constraints: max_arena_bytes must be positive, got \(maxArenaBytes)")
        }
        guard maxFlashBytes > 0 else {
            throw SearchError(.invalidConfig, "constraints: max_flash_bytes must be positive, got \(maxFlashBytes)")
        }
        guard maxLatencyMilliseconds.isFinite, maxLatencyMilliseconds > 0 else {
            throw SearchError(
                .invalidConfig, "constraints: max_latency_ms must be positive, got \(maxLatencyMilliseconds)")
        }
    }
}
