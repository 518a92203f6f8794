extension Array where Element == Float {
    /// An array of `count` floats that `fill` writes completely, without zeroing it first: activations and
    /// gradients are large and every step makes new ones, so the zero fill of `init(repeating:count:)` showed as
    /// a tenth of the training time.
    init(uninitializedCount count: Int, _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }
}
