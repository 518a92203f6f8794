/// Log-mel features of one signal: `frameCount` rows of `melCount` values, row-major `Float` (the layout of a
/// `[frames, mels]` float32 `.npy`).
public struct FeatureMatrix: Sendable, Equatable {
    public let frameCount: Int
    public let melCount: Int
    /// `frameCount · melCount` values; row `t` is `values[t·melCount ..< (t+1)·melCount]`.
    public var values: [Float]

    public init(frameCount: Int, melCount: Int, values: [Float]) {
        precondition(frameCount >= 0 && melCount > 0 && values.count == frameCount * melCount, "shape mismatch")
        self.frameCount = frameCount
        self.melCount = melCount
        self.values = values
    }

    /// `[frames, mels]`, the shape to store it with.
    public var shape: [Int] { [frameCount, melCount] }

    public subscript(frame: Int, mel: Int) -> Float {
        get { values[frame * melCount + mel] }
        set { values[frame * melCount + mel] = newValue }
    }

    /// The values of frame `frame`.
    public func row(_ frame: Int) -> ArraySlice<Float> {
        values[(frame * melCount)..<((frame + 1) * melCount)]
    }
}
