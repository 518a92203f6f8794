import Foundation
import Synchronization

/// Shows how far a corpus run is: a bar redrawn in place on a terminal, or a log line every few seconds otherwise
/// (a file, a pipe, journald).
public final class GenerationProgress: Sendable {
    private struct State {
        var done = 0
        var lastDraw: Double = -.infinity
    }

    private let total: Int
    private let interactive: Bool
    private let write: @Sendable (String) -> Void
    private let start = Date()
    private let logInterval: Double
    private let state = Mutex(State())

    /// `interactive`: draw a bar with carriage returns (pass `isatty(STDERR_FILENO) != 0`). `write` gets the text,
    /// newlines included.
    public init(
        total: Int, interactive: Bool, logInterval: Double = 10, write: @escaping @Sendable (String) -> Void
    ) {
        self.total = total
        self.interactive = interactive
        self.logInterval = logInterval
        self.write = write
    }

    /// Counts `count` more clips done.
    public func advance(by count: Int = 1) {
        let elapsed = Date().timeIntervalSince(start)
        let line: String? = state.withLock { state in
            state.done += count
            let interval = interactive ? 0.1 : logInterval
            guard elapsed - state.lastDraw >= interval || state.done == total else { return nil }
            state.lastDraw = elapsed
            return render(done: state.done, elapsed: elapsed)
        }
        if let line { write(line) }
    }

    /// Ends the bar's line.
    public func finish() {
        if interactive { write("\n") }
    }

    private func render(done: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let percent = total > 0 ? 100 * done / total : 100
        let counts = "\(done)/\(total) clips (\(percent)%), \(Int(rate.rounded())) clips/s"
        guard interactive else { return "generated \(counts)\n" }
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let left = rate > 0 ? " ETA \(Int((Double(total - done) / rate).rounded())) s" : ""
        return "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + counts + left + "   "
    }
}
