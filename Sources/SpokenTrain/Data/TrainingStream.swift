/// The examples of each training epoch, as the data side makes them (augmented afresh per epoch when it augments).
///
/// Deterministic: the same stream, seed and epoch give the same examples, so a resumed run sees what an
/// uninterrupted one would have seen.
public protocol TrainingStream {
    /// The frame and mel counts of every example.
    var frames: Int { get }
    var mels: Int { get }
    /// The examples of epoch `epoch` (0-based), in any order (the engine shuffles and balances batches).
    func examples(epoch: Int) throws -> LabeledFeatures
}
